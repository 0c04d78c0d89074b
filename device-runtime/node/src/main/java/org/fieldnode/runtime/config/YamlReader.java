// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.fieldnode.protocol.Intervals;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One pass over a {@link YamlDocument}: typed reads of its nodes, each problem collected as {@code
 * FILE:LINE:COLUMN: key.path: what was expected} rather than thrown, so that a user sees every mistake of a file at
 * once. A read that finds a problem answers its fallback and the pass goes on.
 *
 * <p>Numbers are read as people write them in hardware descriptions: decimal or {@code 0x} hexadecimal, with
 * {@code _} between digits; a leading {@code 0} is refused instead of read as octal (the project bans octal
 * literals: {@code 0166} would silently become 118).
 */
final class YamlReader {
    private final String source;
    private final List<ProfileProblem> problems = new ArrayList<>();

    /** @param source names problems at nodes that have no mark of their own */
    YamlReader(String source) {
        this.source = source;
    }

    /** Every problem found so far, in the order found. */
    List<ProfileProblem> problems() {
        return List.copyOf(problems);
    }

    boolean failed() {
        return !problems.isEmpty();
    }

    /** @throws ProfileException carrying every problem, when there is one */
    void throwIfFailed() throws ProfileException {
        if (!problems.isEmpty()) {
            throw new ProfileException(problems);
        }
    }

    /**
     * A problem at {@code node}, in the file the node came from: a kit's or its overlay's, whichever gave the value.
     * Without a node (a key that is missing altogether) it is located at the start of the source.
     */
    void problem(Node node, String keyPath, String message) {
        Mark mark = node == null ? null : node.getStartMark().orElse(null);
        problems.add(new ProfileProblem(
                mark == null || mark.getName() == null ? source : mark.getName(),
                mark == null ? 1 : mark.getLine() + 1,
                mark == null ? 1 : mark.getColumn() + 1,
                keyPath,
                message));
    }

    /** The mapping at {@code node}; null when there is no node, or (with a problem) when it is not a mapping. */
    YamlMap mapping(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (node instanceof MappingNode m) {
            return new YamlMap(this, m, path);
        }
        problem(node, path, "expected a mapping of keys to values");
        return null;
    }

    /**
     * Each entry of a mapping of names to mappings ({@code buses:}), in the order written: the name, and its mapping
     * at {@code path.name}. An entry whose name or value is malformed is reported and skipped.
     */
    void forEachNamedMapping(MappingNode parent, String path, BiConsumer<String, YamlMap> action) {
        for (NodeTuple t : parent.getValue()) {
            String name = scalar(t.getKeyNode(), path);
            YamlMap value = name == null ? null : mapping(t.getValueNode(), path + "." + name);
            if (value != null) {
                action.accept(name, value);
            }
        }
    }

    /** The list at {@code node}; null (with a problem saying {@code expected}) when it is something else. */
    SequenceNode sequence(Node node, String path, String expected) {
        if (node instanceof SequenceNode list) {
            return list;
        }
        problem(node, path, expected);
        return null;
    }

    /** The text of a scalar; null, with a problem, for a list or a mapping. */
    String scalar(Node node, String path) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, path, "expected a single value, not a list or mapping");
        return null;
    }

    /** The scalar's text; null when there is no node (the key is absent) or, reported, when it is not a scalar. */
    private String text(Node node, String path) {
        return node == null ? null : scalar(node, path);
    }

    /** Decimal or 0x hexadecimal within {@code min..max}; messages give the bounds in the base the value used. */
    int integer(Node node, String path, int fallback, int min, int max) {
        String s = text(node, path);
        if (s == null) {
            return fallback;
        }
        try {
            long v;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseLong(s.substring(2).replace("_", ""), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                problem(node, path, "'" + s + "' looks octal; write 0x.. for hexadecimal or drop the leading 0");
                return fallback;
            } else {
                v = Long.parseLong(s.replace("_", ""));
            }
            if (v < min || v > max) {
                problem(node, path, "expected %s..%s, got %s".formatted(bound(min, s), bound(max, s), s));
                return fallback;
            }
            return (int) v;
        } catch (NumberFormatException e) {
            problem(node, path, "expected a whole number (decimal or 0x hexadecimal), got '" + s + "'");
            return fallback;
        }
    }

    private static String bound(int bound, String like) {
        return like.startsWith("0x") ? "0x%02x".formatted(bound) : Integer.toString(bound);
    }

    /** A duration as {@link Intervals} reads it, within {@code min..max}. */
    Duration duration(Node node, String path, Duration fallback, Duration min, Duration max) {
        String s = text(node, path);
        if (s == null) {
            return fallback;
        }
        try {
            Duration d = Intervals.parse(s);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(
                        node,
                        path,
                        "expected between %s and %s, got %s"
                                .formatted(Intervals.format(min), Intervals.format(max), s));
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return fallback;
        }
    }

    /** A size as {@link ByteSizes} reads it: {@code 65536}, {@code 512KiB}, {@code 64MiB}. */
    long size(Node node, String path, long fallback) {
        String s = text(node, path);
        if (s == null) {
            return fallback;
        }
        try {
            return ByteSizes.parse(s);
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return fallback;
        }
    }

    /** A finite decimal number such as {@code 1.5}. */
    double decimal(Node node, String path, double fallback) {
        String s = text(node, path);
        if (s == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        problem(node, path, "expected a decimal number such as 1.5, got '" + s + "'");
        return fallback;
    }

    /** {@code true} or {@code false}, nothing else: YAML 1.1's {@code yes}/{@code on} are a classic trap. */
    boolean bool(Node node, String path, boolean fallback) {
        String s = text(node, path);
        if (s == null) {
            return fallback;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        problem(node, path, "expected true or false, got '" + s + "'");
        return fallback;
    }

    /** An absolute path, when given; {@code example} shows the expected shape in the message. */
    Optional<Path> absolutePath(Node node, String path, String example) {
        String s = text(node, path);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.startsWith("/")) {
            problem(node, path, "expected an absolute path such as " + example + ", got '" + s + "'");
            return Optional.empty();
        }
        return Optional.of(Path.of(s));
    }

    /** A list of whole numbers, e.g. {@code [2, 3]}; empty when absent. */
    List<Integer> integers(Node node, String path, int min, int max) {
        List<Integer> values = new ArrayList<>();
        SequenceNode list = node == null ? null : sequence(node, path, "expected a list such as [2, 3]");
        if (list != null) {
            for (Node item : list.getValue()) {
                int v = integer(item, path, Integer.MIN_VALUE, min, max);
                if (v != Integer.MIN_VALUE) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** A list of texts; empty when absent. {@code example} shows the expected shape in the message. */
    List<String> texts(Node node, String path, String example) {
        List<String> values = new ArrayList<>();
        SequenceNode list = node == null ? null : sequence(node, path, "expected a list such as " + example);
        if (list != null) {
            for (Node item : list.getValue()) {
                String v = scalar(item, path);
                if (v != null) {
                    values.add(v);
                }
            }
        }
        return values;
    }
}
