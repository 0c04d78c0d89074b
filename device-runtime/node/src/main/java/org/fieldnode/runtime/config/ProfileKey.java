// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.Suggestions;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One key of a profile section, declared once with its type, bounds, default and one line of documentation, in the
 * style of Californium's configuration definitions ({@code IntegerDefinition}, {@code TimeDefinition}). The loader
 * reads every key through its declaration and the key reference ({@code hardware-profiles/PROFILE-KEYS.md}) is
 * written from the same declarations, so a bound cannot differ between the check and its documentation.
 *
 * <p>A read answers the key's default when the key is absent, and after a problem (which it reports at the value), so
 * that one pass finds every mistake of a profile.
 *
 * @param <T> the type of the value read
 */
public abstract sealed class ProfileKey<T>
        permits ProfileKey.Text,
                ProfileKey.Choice,
                ProfileKey.WholeNumber,
                ProfileKey.Span,
                ProfileKey.Size,
                ProfileKey.Decimal,
                ProfileKey.Flag,
                ProfileKey.AbsolutePath,
                ProfileKey.Nested {
    private final String name;
    private final String documentation;

    private ProfileKey(String name, String documentation) {
        this.name = Objects.requireNonNull(name, "name");
        this.documentation = Objects.requireNonNull(documentation, "documentation");
    }

    /** The key as written in a profile, e.g. {@code health-interval}. */
    public final String name() {
        return name;
    }

    /** One line: what the key sets and, where it helps, why its default is what it is. */
    public final String documentation() {
        return documentation;
    }

    /** The type with its bounds, for the reference, e.g. {@code duration, 10s..1d}. */
    public abstract String type();

    /** The default as a profile would write it, {@code required}, or {@code none}. */
    public abstract String defaultText();

    /** Reads the key from {@code map}: its default when absent or after a problem. */
    abstract T read(YamlMap map);

    /** Free text, optionally checked against a pattern, e.g. {@code node.name}. */
    public static final class Text extends ProfileKey<String> {
        private final boolean required;
        private final Pattern pattern;
        private final String expected;

        private Text(String name, boolean required, Pattern pattern, String expected, String documentation) {
            super(name, documentation);
            this.required = required;
            this.pattern = pattern;
            this.expected = expected;
        }

        /** A text that may be absent. */
        static Text optional(String name, String documentation) {
            return new Text(name, false, null, null, documentation);
        }

        /** A text that must be given. */
        static Text required(String name, String documentation) {
            return new Text(name, true, null, null, documentation);
        }

        /** A text that may be absent and must match {@code pattern}; {@code expected} says what it looks like. */
        static Text matching(String name, String pattern, String expected, String documentation) {
            return new Text(name, false, Pattern.compile(pattern), expected, documentation);
        }

        @Override
        public String type() {
            return pattern == null ? "text" : "text: " + expected;
        }

        @Override
        public String defaultText() {
            return required ? "required" : "none";
        }

        /** The text; null when absent, after a problem, or when it does not match (reported at the value). */
        @Override
        String read(YamlMap map) {
            String value = required ? map.requiredString(name()) : map.string(name(), null);
            if (value != null && pattern != null && !pattern.matcher(value).matches()) {
                map.problem(name(), "expected " + expected);
                return null;
            }
            return value;
        }
    }

    /** One of a few words, e.g. {@code format: cbor}; a misspelt one gets a suggestion. */
    public static final class Choice extends ProfileKey<String> {
        private final List<String> values;
        private final String fallback;
        private final boolean suggest;

        /** @param fallback the default, or null when the key is required */
        Choice(String name, List<String> values, String fallback, String documentation) {
            this(name, values, fallback, true, documentation);
        }

        private Choice(String name, List<String> values, String fallback, boolean suggest, String documentation) {
            super(name, documentation);
            this.values = List.copyOf(values);
            this.fallback = fallback;
            this.suggest = suggest;
        }

        /** A choice between two words so unlike that a suggestion would only repeat the message. */
        static Choice withoutSuggestion(String name, List<String> values, String fallback, String documentation) {
            return new Choice(name, values, fallback, false, documentation);
        }

        public List<String> values() {
            return values;
        }

        boolean allows(String value) {
            return values.contains(value);
        }

        @Override
        public String type() {
            return "one of " + String.join(", ", values);
        }

        @Override
        public String defaultText() {
            return fallback == null ? "required" : fallback;
        }

        /** The word as given (check it with {@link #allows}: a wrong one is reported and returned); null if absent. */
        @Override
        String read(YamlMap map) {
            String value = fallback == null ? map.requiredString(name()) : map.string(name(), fallback);
            if (value != null && !allows(value)) {
                map.problem(name(), expected() + (suggest ? Suggestions.hint(value, values) : ""));
            }
            return value;
        }

        /** "expected a, b or c" for a few words, "expected one of a, b, c, d" for more. */
        private String expected() {
            if (values.size() > 3) {
                return "expected one of " + String.join(", ", values);
            }
            return "expected " + String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.getLast();
        }
    }

    /** A whole number within bounds, decimal or {@code 0x} hexadecimal. */
    public static final class WholeNumber extends ProfileKey<Integer> {
        private final int min;
        private final int max;
        private final int fallback;
        private final String defaultText;

        /**
         * @param fallback what {@link #read} answers when the key is absent or wrong; -1 for a key without default
         * @param defaultText the default as the reference states it, e.g. {@code 0} or {@code required unless
         *     simulated}
         */
        WholeNumber(String name, int min, int max, int fallback, String defaultText, String documentation) {
            super(name, documentation);
            this.min = min;
            this.max = max;
            this.fallback = fallback;
            this.defaultText = defaultText;
        }

        @Override
        public String type() {
            return "whole number, " + min + ".." + max;
        }

        @Override
        public String defaultText() {
            return defaultText;
        }

        @Override
        Integer read(YamlMap map) {
            return map.integer(name(), fallback, min, max);
        }

        /** The number with a default of the reader's context, e.g. a simulated bus's number 0. */
        int read(YamlMap map, int contextFallback) {
            return map.integer(name(), contextFallback, min, max);
        }

        /** The number, which must be given here: -1 when it is absent or wrong (both reported). */
        int readRequired(YamlMap map) {
            return map.requiredInteger(name(), min, max);
        }

        /** The number within narrower bounds that the context sets, e.g. an I2C address within the declared range. */
        int readWithin(YamlMap map, int contextFallback, int low, int high) {
            return map.integer(name(), contextFallback, low, high);
        }

        /** Like {@link #readWithin}, for a context that requires the key. */
        int readRequiredWithin(YamlMap map, int low, int high) {
            return map.requiredInteger(name(), low, high);
        }
    }

    /** A duration within bounds: {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    public static final class Span extends ProfileKey<Duration> {
        private final Duration min;
        private final Duration max;
        private final Duration fallback;

        /** @param fallback the default, or null when the key has none (then {@link #read} answers null) */
        Span(String name, Duration min, Duration max, Duration fallback, String documentation) {
            super(name, documentation);
            this.min = min;
            this.max = max;
            this.fallback = fallback;
        }

        @Override
        public String type() {
            return "duration, " + Intervals.format(min) + ".." + Intervals.format(max);
        }

        @Override
        public String defaultText() {
            return fallback == null ? "none" : Intervals.format(fallback);
        }

        @Override
        Duration read(YamlMap map) {
            return map.duration(name(), fallback, min, max);
        }
    }

    /** A size in bytes: {@code 65536}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}. */
    public static final class Size extends ProfileKey<Long> {
        private final long fallback;
        private final String bounds;

        /** @param bounds the rule the owner of the value checks, for the reference, e.g. {@code 16KiB..256MiB} */
        Size(String name, long fallback, String bounds, String documentation) {
            super(name, documentation);
            this.fallback = fallback;
            this.bounds = bounds;
        }

        @Override
        public String type() {
            return "size, " + bounds;
        }

        @Override
        public String defaultText() {
            return ByteSizes.format(fallback);
        }

        @Override
        Long read(YamlMap map) {
            return map.size(name(), fallback);
        }
    }

    /** A finite decimal number, e.g. {@code 1.5}. */
    public static final class Decimal extends ProfileKey<Double> {
        private final double fallback;
        private final String bounds;

        /** @param bounds the rule the owner of the value checks, for the reference, e.g. {@code 1.0..4.0} */
        Decimal(String name, double fallback, String bounds, String documentation) {
            super(name, documentation);
            this.fallback = fallback;
            this.bounds = bounds;
        }

        @Override
        public String type() {
            return "decimal, " + bounds;
        }

        @Override
        public String defaultText() {
            return Double.toString(fallback);
        }

        @Override
        Double read(YamlMap map) {
            return map.decimal(name(), fallback);
        }
    }

    /** {@code true} or {@code false}. */
    public static final class Flag extends ProfileKey<Boolean> {
        private final boolean fallback;

        Flag(String name, boolean fallback, String documentation) {
            super(name, documentation);
            this.fallback = fallback;
        }

        @Override
        public String type() {
            return "true or false";
        }

        @Override
        public String defaultText() {
            return Boolean.toString(fallback);
        }

        @Override
        Boolean read(YamlMap map) {
            return map.bool(name(), fallback);
        }
    }

    /** An absolute path of the node's file system, e.g. {@code /dev/serial0}. */
    public static final class AbsolutePath extends ProfileKey<Optional<Path>> {
        private final String example;
        private final String fallback;

        /** @param fallback the default as documented (the reader applies the one of its context), or {@code none} */
        AbsolutePath(String name, String example, String fallback, String documentation) {
            super(name, documentation);
            this.example = example;
            this.fallback = fallback;
        }

        @Override
        public String type() {
            return "absolute path, e.g. " + example;
        }

        @Override
        public String defaultText() {
            return fallback;
        }

        /** The path when given and absolute; empty otherwise (a relative one is reported). */
        @Override
        Optional<Path> read(YamlMap map) {
            return map.absolutePath(name(), example);
        }
    }

    /**
     * A mapping or list with keys of its own ({@code report:}, {@code sensors:}, {@code properties:}): declared here
     * for the reference; its section reads what is inside.
     */
    public static final class Nested extends ProfileKey<Node> {
        private final String type;
        private final boolean required;

        Nested(String name, String type, boolean required, String documentation) {
            super(name, documentation);
            this.type = type;
            this.required = required;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String defaultText() {
            return required ? "required" : "none";
        }

        /** The node; null, reported when the key is required, when absent. */
        @Override
        Node read(YamlMap map) {
            return required ? map.required(name()) : map.node(name());
        }
    }
}
