// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.protocol.Suggestions;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Merges a per-device overlay file into the kit it names, so that one kit serves a whole fleet:
 *
 * <pre>
 * extends: weather-station        # a built-in kit, or a kit file relative to this one
 * node: { name: weather-07, location: north-field mast 2 }
 * sensors:                        # by the kit's sensor id: what changes
 *   env0: { interval: 30s }
 *   wind0: { status: disabled }
 *   hive0: { compatible: "avia,hx711", bus: iio, properties: { kg-per-count: 2.3e-5 } }   # a sensor the kit lacks
 * report: { collector: coaps://collector.village.example:5684/r }
 * </pre>
 *
 * A sensor id the kit lacks, given with its {@code compatible}, adds that sensor. Mappings merge key by key (an overlay's {@code properties} of a sensor add to the kit's); anything else, lists
 * included, replaces. The merge works on the YAML node trees, so every value keeps the file, line and column it came
 * from and a problem found afterwards points into the kit or the overlay, whichever gave the value.
 */
final class ProfileOverlay {
    /** The key that makes a profile an overlay. */
    static final String EXTENDS = ProfileSchema.EXTENDS.name();

    private ProfileOverlay() {}

    /**
     * The kit the overlay's {@code extends:} names, with the overlay merged in; null after a problem with {@code
     * extends:} itself (then there is nothing to check further).
     *
     * @param directory the overlay file's directory, where a kit file may be; null for an overlay that is not a file
     *     (it may then name built-in kits only)
     * @throws ProfileException when the kit is not valid YAML or is too large: its problems are the kit's own
     */
    static Node resolve(Node overlay, Path directory, YamlReader problems) throws ProfileException {
        ScalarNode name = extendsNode(overlay).orElse(null);
        if (name == null || name.getValue().isBlank()) {
            problems.problem(
                    overlay,
                    EXTENDS,
                    "expected the kit this overlay changes: a built-in kit such as weather-station, or a kit file");
            return null;
        }
        String kitName = name.getValue();
        String kitText = null;
        String kitSource = kitName;
        Path file = null;
        if (directory != null) {
            try {
                file = ProfileSources.kitFileInside(directory, kitName).orElse(null);
            } catch (IllegalArgumentException outside) {
                problems.problem(name, EXTENDS, outside.getMessage());
                return null;
            }
        }
        if (file != null && Files.isRegularFile(file)) {
            kitSource = file.toString();
            try {
                kitText = ProfileSources.read(file);
            } catch (IOException e) {
                problems.problem(name, EXTENDS, "cannot read " + file + ": " + e.getMessage());
                return null;
            }
        } else {
            try {
                kitText = ProfileSources.builtIn(kitName).orElse(null);
            } catch (IOException e) {
                // reported below as not found
            }
        }
        if (kitText == null) {
            List<String> kits = ProfileSources.builtInProfiles();
            problems.problem(
                    name,
                    EXTENDS,
                    "no kit '" + kitName + "': not a file next to this overlay and not a built-in profile"
                            + Suggestions.hint(kitName, kits) + " (built-in: "
                            + (kits.isEmpty() ? "none" : String.join(", ", kits)) + ")");
            return null;
        }
        Node kit = YamlDocument.compose(kitSource, kitText, "profile");
        if (isOverlay(kit)) {
            problems.problem(
                    name,
                    EXTENDS,
                    "'" + kitName + "' is itself an overlay; an overlay extends a kit, not another overlay");
            return null;
        }
        if (!(kit instanceof MappingNode kitMap)) {
            problems.problem(name, EXTENDS, "'" + kitName + "' is not a kit (expected a mapping)");
            return null;
        }
        return merge(kitMap, (MappingNode) overlay, kitName, problems);
    }

    /** The value of {@code extends:} when {@code root} is an overlay. */
    static Optional<ScalarNode> extendsNode(Node root) {
        if (root instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(EXTENDS)) {
                    return t.getValueNode() instanceof ScalarNode v ? Optional.of(v) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** True when {@code root} has an {@code extends:} key, whatever its value. */
    static boolean isOverlay(Node root) {
        if (root instanceof MappingNode m) {
            return m.getValue().stream()
                    .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k
                            && k.getValue().equals(EXTENDS));
        }
        return false;
    }

    /**
     * The kit with the overlay applied.
     *
     * @param kitName names the kit in messages
     */
    static Node merge(MappingNode kit, MappingNode overlay, String kitName, YamlReader problems) {
        List<NodeTuple> tuples = new ArrayList<>(kit.getValue());
        for (NodeTuple t : overlay.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key) || key.getValue().equals(EXTENDS)) {
                continue;
            }
            int at = indexOf(tuples, key.getValue());
            Node value = t.getValueNode();
            if (key.getValue().equals("sensors")) {
                Node base = at < 0 ? null : tuples.get(at).getValueNode();
                value = sensors(base, value, kitName, problems);
                if (value == null) {
                    continue;
                }
            } else if (at >= 0
                    && tuples.get(at).getValueNode() instanceof MappingNode baseMap
                    && value instanceof MappingNode overMap) {
                value = mergeMaps(baseMap, overMap);
            }
            NodeTuple merged = new NodeTuple(key, value);
            if (at < 0) {
                tuples.add(merged);
            } else {
                tuples.set(at, merged);
            }
        }
        return copy(kit, tuples);
    }

    private static Node sensors(Node base, Node overlay, String kitName, YamlReader problems) {
        if (!(overlay instanceof MappingNode changes)) {
            problems.problem(
                    overlay,
                    "sensors",
                    "in an overlay, sensors: maps the kit's sensor ids to what changes, e.g. env0: { interval: 30s }");
            return null;
        }
        if (!(base instanceof SequenceNode list)) {
            problems.problem(overlay, "sensors", kitName + " has no list of sensors to change");
            return null;
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            if (list.getValue().get(i) instanceof MappingNode sensor) {
                int index = i;
                scalar(sensor, "id").ifPresent(id -> ids.put(id, index));
            }
        }
        List<Node> items = new ArrayList<>(list.getValue());
        for (NodeTuple t : changes.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode idNode)) {
                continue;
            }
            String id = idNode.getValue();
            Integer index = ids.get(id);
            String path = "sensors." + id;
            if (index == null) {
                if (t.getValueNode() instanceof MappingNode added
                        && scalar(added, "compatible").isPresent()) {
                    // a sensor the kit lacks, e.g. a probe in a driver jar: added whole, its id from the key
                    List<NodeTuple> keys = new ArrayList<>();
                    keys.add(new NodeTuple(
                            new ScalarNode(
                                    Tag.STR, true, "id", ScalarStyle.PLAIN, idNode.getStartMark(), idNode.getEndMark()),
                            idNode));
                    added.getValue().stream()
                            .filter(k -> !(k.getKeyNode() instanceof ScalarNode n
                                    && n.getValue().equals("id")))
                            .forEach(keys::add);
                    items.add(copy(added, keys));
                    ids.put(id, items.size() - 1);
                    continue;
                }
                problems.problem(
                        idNode,
                        path,
                        "no sensor '" + id + "' in " + kitName + Suggestions.hint(id, ids.keySet()) + " (the kit has "
                                + String.join(", ", ids.keySet()) + ")");
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode change)) {
                problems.problem(t.getValueNode(), path, "expected the keys to change, e.g. { interval: 30s }");
                continue;
            }
            Optional<String> newId = scalar(change, "id");
            if (newId.isPresent() && !newId.get().equals(id)) {
                problems.problem(change, path + ".id", "an overlay cannot rename a sensor; leave id out");
                continue;
            }
            items.set(index, mergeMaps((MappingNode) items.get(index), change));
        }
        return new SequenceNode(
                list.getTag(), true, items, list.getFlowStyle(), list.getStartMark(), list.getEndMark());
    }

    /** {@code over}'s keys replace {@code base}'s, except that two mappings under one key merge. */
    static MappingNode mergeMaps(MappingNode base, MappingNode over) {
        List<NodeTuple> tuples = new ArrayList<>(base.getValue());
        for (NodeTuple t : over.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                tuples.add(t);
                continue;
            }
            int at = indexOf(tuples, key.getValue());
            if (at < 0) {
                tuples.add(t);
            } else if (tuples.get(at).getValueNode() instanceof MappingNode b
                    && t.getValueNode() instanceof MappingNode o) {
                tuples.set(at, new NodeTuple(key, mergeMaps(b, o)));
            } else {
                tuples.set(at, t);
            }
        }
        return copy(base, tuples);
    }

    private static MappingNode copy(MappingNode like, List<NodeTuple> tuples) {
        return new MappingNode(
                like.getTag(), true, tuples, like.getFlowStyle(), like.getStartMark(), like.getEndMark());
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k
                    && k.getValue().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> scalar(MappingNode map, String key) {
        int at = indexOf(map.getValue(), key);
        if (at >= 0 && map.getValue().get(at).getValueNode() instanceof ScalarNode v) {
            return Optional.of(v.getValue());
        }
        return Optional.empty();
    }
}
