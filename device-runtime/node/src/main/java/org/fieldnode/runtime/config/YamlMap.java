// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.protocol.Suggestions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A YAML mapping at a key path ({@code sensors[2]}, {@code report.link}) with located, typed reads of its keys. A
 * problem with a key's value points at the value; a problem with a missing key points at the mapping. A key given
 * twice is a problem at once (YAML allows it; the second would silently win).
 */
final class YamlMap {
    private final YamlReader reader;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    YamlMap(YamlReader reader, MappingNode node, String path) {
        this.reader = reader;
        this.node = node;
        this.path = path;
        for (NodeTuple t : node.getValue()) {
            String key = reader.scalar(t.getKeyNode(), path);
            if (key != null) {
                NodeTuple first = entries.putIfAbsent(key, t);
                if (first != null) {
                    int line = first.getKeyNode()
                            .getStartMark()
                            .map(m -> m.getLine() + 1)
                            .orElse(1);
                    reader.problem(t.getKeyNode(), child(key), "duplicate key; first given on line " + line);
                }
            }
        }
    }

    YamlReader reader() {
        return reader;
    }

    /** The mapping's own node, where problems about missing keys point. */
    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    /** The key-value pairs in the order written, duplicates included. */
    List<NodeTuple> tuples() {
        return node.getValue();
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** Reports each key not in {@code allowed}, with the closest allowed one as a suggestion. */
    void only(Collection<String> allowed) {
        unknownKeys("unknown key", allowed);
    }

    /** Like {@link #only}, naming what the keys belong to, e.g. "a uart bus". */
    void onlyFor(String what, Collection<String> allowed) {
        unknownKeys("unknown key for " + what, allowed);
    }

    /** The expected keys are listed in their declaration order, the order the reference documents them in. */
    private void unknownKeys(String problem, Collection<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                reader.problem(
                        e.getValue().getKeyNode(),
                        child(e.getKey()),
                        problem + Suggestions.hint(e.getKey(), allowed) + " (expected one of "
                                + String.join(", ", allowed) + ")");
            }
        }
    }

    /** The value of {@code key}, or null when the key is absent. */
    Node node(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The value of {@code key}; null, with a problem at the mapping, when the key is absent. */
    Node required(String key) {
        Node value = node(key);
        if (value == null) {
            reader.problem(node, child(key), "missing; this key is required");
        }
        return value;
    }

    /** A problem with {@code key}: at its value when given, else at the mapping ({@code ""} is the mapping itself). */
    void problem(String key, String message) {
        Node at = node(key);
        reader.problem(at == null ? node : at, child(key), message);
    }

    /** The key's text; null after a problem or (with a problem) when absent. */
    String requiredString(String key) {
        Node value = required(key);
        return value == null ? null : reader.scalar(value, child(key));
    }

    String string(String key, String fallback) {
        Node value = node(key);
        if (value == null) {
            return fallback;
        }
        String s = reader.scalar(value, child(key));
        return s == null ? fallback : s;
    }

    boolean bool(String key, boolean fallback) {
        return reader.bool(node(key), child(key), fallback);
    }

    /** -1 when absent or wrong: no key read this way takes negative values, so -1 cannot be mistaken for one. */
    int requiredInteger(String key, int min, int max) {
        return required(key) == null ? -1 : integer(key, -1, min, max);
    }

    int integer(String key, int fallback, int min, int max) {
        return reader.integer(node(key), child(key), fallback, min, max);
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        return reader.duration(node(key), child(key), fallback, min, max);
    }

    long size(String key, long fallback) {
        return reader.size(node(key), child(key), fallback);
    }

    double decimal(String key, double fallback) {
        return reader.decimal(node(key), child(key), fallback);
    }

    Optional<Path> absolutePath(String key, String example) {
        return reader.absolutePath(node(key), child(key), example);
    }

    /** A nested mapping of scalars ({@code properties:}), in the order written; empty when absent or not one. */
    Map<String, String> scalarMap(String key) {
        Map<String, String> result = new LinkedHashMap<>();
        YamlMap m = reader.mapping(node(key), child(key));
        if (m == null) {
            return result;
        }
        for (NodeTuple t : m.tuples()) {
            String k = reader.scalar(t.getKeyNode(), child(key));
            if (k != null && t.getValueNode() instanceof MappingNode group) {
                // a group of keys, e.g. temperature: { register: 1, scale: 0.1 }, reaches the driver as
                // temperature.register and temperature.scale
                for (NodeTuple inner : group.getValue()) {
                    String ik = reader.scalar(inner.getKeyNode(), child(key) + "." + k);
                    String iv = reader.scalar(inner.getValueNode(), child(key) + "." + k + "." + ik);
                    if (ik != null && iv != null) {
                        result.put(k + "." + ik, iv);
                    }
                }
                continue;
            }
            String v = reader.scalar(t.getValueNode(), child(key) + "." + k);
            if (k != null && v != null) {
                result.put(k, v);
            }
        }
        return result;
    }

    /** The dotted path of {@code key} under this mapping; {@code ""} is the mapping's own path. */
    String child(String key) {
        if (key.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? key : path + "." + key;
    }
}
