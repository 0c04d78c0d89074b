// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.Suggestions;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** The two lists of a sensor entry: {@code pipeline:} (checked by {@link PipelineSpec}) and {@code personal:}. */
final class SensorLists {
    /** Where in a {@link PipelineSpec} message the failing entry's index stands, to point at that entry. */
    private static final Pattern ENTRY_INDEX = Pattern.compile("\\.pipeline\\[(\\d+)]");

    private SensorLists() {}

    /**
     * The sensor's {@code pipeline:} list at {@code path} ({@code sensors[2].pipeline}). {@link PipelineSpec#parse}
     * stops at its first problem; it is located at the entry its message names.
     */
    static PipelineSpec pipeline(YamlReader reader, Node node, String path) {
        if (node == null) {
            return PipelineSpec.none();
        }
        SequenceNode list =
                reader.sequence(node, path, "expected a list of stages (lines starting with '- { stage: ... }')");
        if (list == null) {
            return PipelineSpec.none();
        }
        List<Map<String, String>> entries = new ArrayList<>();
        for (int j = 0; j < list.getValue().size(); j++) {
            YamlMap entry = reader.mapping(list.getValue().get(j), path + "[" + j + "]");
            if (entry == null) {
                return PipelineSpec.none();
            }
            Map<String, String> keys = new LinkedHashMap<>();
            for (NodeTuple t : entry.tuples()) {
                String k = reader.scalar(t.getKeyNode(), path + "[" + j + "]");
                String v = reader.scalar(t.getValueNode(), path + "[" + j + "]." + k);
                if (k == null || v == null) {
                    return PipelineSpec.none();
                }
                keys.put(k, v);
            }
            entries.add(keys);
        }
        try {
            return PipelineSpec.parse(entries, path);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String keyPath = colon > 0 ? message.substring(0, colon) : path;
            Matcher index = ENTRY_INDEX.matcher(keyPath);
            Node at = index.find()
                            && Integer.parseInt(index.group(1))
                                    < list.getValue().size()
                    ? list.getValue().get(Integer.parseInt(index.group(1)))
                    : node;
            reader.problem(at, keyPath, colon > 0 ? message.substring(colon + 2) : message);
            return PipelineSpec.none();
        }
    }

    /**
     * The sensor's {@code personal:} list at {@code path} (SECURITY R21): the quantities its driver declares personal
     * that this node keeps; every other personal channel of the driver is dropped when sampled. Problems point at the
     * entry.
     *
     * @param declared the personal channels of the sensor's driver; empty when it declares none or is unknown
     */
    static Set<Channel> personal(YamlReader reader, Node node, String path, String compatible, Set<Channel> declared) {
        if (node == null) {
            return Set.of();
        }
        SequenceNode list =
                reader.sequence(node, path, "expected a list of the personal quantities to keep, e.g. [presence]");
        if (list == null) {
            return Set.of();
        }
        Set<String> names = new TreeSet<>();
        declared.forEach(c -> names.add(c.quantity()));
        Set<Channel> kept = EnumSet.noneOf(Channel.class);
        for (int j = 0; j < list.getValue().size(); j++) {
            Node item = list.getValue().get(j);
            String quantity = reader.scalar(item, path + "[" + j + "]");
            if (quantity == null) {
                continue;
            }
            Optional<Channel> channel =
                    declared.stream().filter(c -> c.quantity().equals(quantity)).findFirst();
            if (channel.isPresent()) {
                kept.add(channel.get());
            } else if (declared.isEmpty()) {
                reader.problem(
                        item,
                        path + "[" + j + "]",
                        "'" + quantity + "' is not a personal quantity of " + compatible
                                + " (it declares none, so nothing needs enabling: leave personal out)");
            } else {
                reader.problem(
                        item,
                        path + "[" + j + "]",
                        "'" + quantity + "' is not a personal quantity of " + compatible
                                + Suggestions.hint(quantity, names) + " (it declares " + String.join(", ", names)
                                + ")");
            }
        }
        return kept;
    }
}
