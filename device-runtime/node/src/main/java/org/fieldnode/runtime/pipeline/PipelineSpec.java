// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.drivers.api.Channel;

/**
 * A sensor's processing chain as the profile describes it: stages applied in the order given, e.g.
 *
 * <pre>{@code
 * pipeline:
 *   - { stage: median, window: 3 }
 *   - { stage: deadband, step: 0.2, max-silence: 1h, quantity: temperature }
 *   - { stage: calibrate, offset: -0.4, quantity: temperature }
 *   - { stage: resolution, step: 0.01 }
 * }</pre>
 *
 * Stages and their keys ({@code quantity} is optional on every stage and restricts it to that quantity):
 *
 * <ul>
 *   <li>{@code median}: {@code window} (1–100 readings)
 *   <li>{@code moving-average}: {@code window} (1–100 readings)
 *   <li>{@code deadband}: {@code step} (≥ 0, in the quantity's unit), {@code max-silence} (a duration, 1s–7d)
 *   <li>{@code calibrate}: {@code gain} (default 1, not 0) and/or {@code offset} (default 0): value × gain + offset
 *   <li>{@code resolution}: {@code step} (&gt; 0, in the quantity's unit)
 * </ul>
 */
public record PipelineSpec(List<StageSpec> stages) {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final Duration MIN_SILENCE = Duration.ofSeconds(1);
    private static final Duration MAX_SILENCE = Duration.ofDays(7);
    private static final Map<String, List<String>> KEYS = keysOfStages();
    private static final Set<String> QUANTITIES = quantities();

    public PipelineSpec {
        stages = List.copyOf(stages);
    }

    /** Each stage a {@code pipeline:} entry may name, with the keys it takes besides {@code stage}, in order. */
    public static Map<String, List<String>> stageKeys() {
        return KEYS;
    }

    /** No stage: readings pass unchanged. */
    public static PipelineSpec none() {
        return new PipelineSpec(List.of());
    }

    /**
     * Checks and converts the scalar maps of a {@code pipeline:} list. Pure: no I/O, no state.
     *
     * @param entries one map per list entry, key → scalar text as written in the profile
     * @param keyPath where the list sits in the profile, e.g. {@code sensors[2].pipeline}; messages name
     *     {@code keyPath[j].key}
     * @throws IllegalArgumentException at the first problem, with a message {@code sensors[2].pipeline[1].window:
     *     expected an integer from 1 to 100, got 'three'}
     */
    public static PipelineSpec parse(List<Map<String, String>> entries, String keyPath) {
        List<StageSpec> stages = new ArrayList<>(entries.size());
        for (int j = 0; j < entries.size(); j++) {
            stages.add(new Entry(keyPath + "[" + j + "]", entries.get(j)).parse());
        }
        return new PipelineSpec(stages);
    }

    /** One list entry being parsed; every message starts with its key path. */
    private record Entry(String path, Map<String, String> keys) {
        StageSpec parse() {
            if (keys == null) {
                throw problem("stage", "missing; expected a map such as { stage: median, window: 3 }");
            }
            String stage = keys.get("stage");
            if (stage == null) {
                throw problem("stage", "missing; expected one of " + String.join(", ", KEYS.keySet()));
            }
            List<String> allowed = KEYS.get(stage.trim());
            if (allowed == null) {
                throw problem(
                        "stage", "unknown stage '" + stage + "'; expected one of " + String.join(", ", KEYS.keySet()));
            }
            for (String key : keys.keySet()) {
                if (!key.equals("stage") && !allowed.contains(key)) {
                    throw problem(
                            key,
                            "unknown key for stage " + stage.trim() + "; expected one of "
                                    + String.join(", ", allowed));
                }
            }
            Optional<String> quantity = quantity();
            return switch (stage.trim()) {
                case "median" -> new StageSpec.Median(window(), quantity);
                case "moving-average" -> new StageSpec.MovingAverage(window(), quantity);
                case "deadband" -> new StageSpec.Deadband(number("step", 0, false), silence(), quantity);
                case "calibrate" -> calibrate(quantity);
                default -> new StageSpec.Resolution(number("step", 0, true), quantity);
            };
        }

        private StageSpec calibrate(Optional<String> quantity) {
            if (!keys.containsKey("gain") && !keys.containsKey("offset")) {
                throw problem("offset", "missing; a calibrate stage needs an offset, a gain, or both");
            }
            double gain = keys.containsKey("gain") ? finite("gain") : 1;
            if (gain == 0) {
                throw problem("gain", "expected a number other than 0, got '" + keys.get("gain") + "'");
            }
            double offset = keys.containsKey("offset") ? finite("offset") : 0;
            return new StageSpec.Calibrate(gain, offset, quantity);
        }

        private int window() {
            String text = required("window");
            if (!INTEGER.matcher(text).matches()
                    || Integer.parseInt(text) < 1
                    || Integer.parseInt(text) > Windows.MAX_WINDOW) {
                throw problem("window", "expected an integer from 1 to " + Windows.MAX_WINDOW + ", got '" + text + "'");
            }
            return Integer.parseInt(text);
        }

        /** A finite number above {@code bound}, or at least {@code bound} when {@code strict} is false. */
        private double number(String key, double bound, boolean strict) {
            double value = finite(key);
            if (strict ? !(value > bound) : !(value >= bound)) {
                throw problem(
                        key,
                        "expected a number " + (strict ? "> " : ">= ") + formatBound(bound) + ", got '" + keys.get(key)
                                + "'");
            }
            return value;
        }

        private double finite(String key) {
            String text = required(key);
            double value = DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
            if (!Double.isFinite(value)) {
                throw problem(key, "expected a finite decimal number such as 0.2 or -1.5e-3, got '" + text + "'");
            }
            return value;
        }

        private Duration silence() {
            String text = required("max-silence");
            Matcher m = DURATION.matcher(text);
            Duration d = m.matches() ? duration(Long.parseLong(m.group(1)), m.group(2)) : null;
            if (d == null || d.compareTo(MIN_SILENCE) < 0 || d.compareTo(MAX_SILENCE) > 0) {
                throw problem("max-silence", "expected a duration from 1s to 7d such as 15m or 1h, got '" + text + "'");
            }
            return d;
        }

        private Optional<String> quantity() {
            String q = keys.get("quantity");
            if (q == null) {
                return Optional.empty();
            }
            if (!QUANTITIES.contains(q.trim())) {
                throw problem(
                        "quantity", "unknown quantity '" + q + "'; expected one of " + String.join(", ", QUANTITIES));
            }
            return Optional.of(q.trim());
        }

        private String required(String key) {
            String text = keys.get(key);
            if (text == null || text.isBlank()) {
                throw problem(key, "missing; stage " + keys.get("stage").trim() + " needs it");
            }
            return text.trim();
        }

        private IllegalArgumentException problem(String key, String message) {
            return new IllegalArgumentException(path + "." + key + ": " + message);
        }
    }

    private static Duration duration(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String formatBound(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static Map<String, List<String>> keysOfStages() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("median", List.of("window", "quantity"));
        keys.put("moving-average", List.of("window", "quantity"));
        keys.put("deadband", List.of("step", "max-silence", "quantity"));
        keys.put("calibrate", List.of("gain", "offset", "quantity"));
        keys.put("resolution", List.of("step", "quantity"));
        return java.util.Collections.unmodifiableMap(keys);
    }

    private static Set<String> quantities() {
        Set<String> names = new TreeSet<>();
        Arrays.stream(Channel.values())
                .filter(c -> c.kind() != Channel.Kind.TEXT) // the node's health texts pass no stage
                .forEach(c -> names.add(c.quantity()));
        return java.util.Collections.unmodifiableSet(names);
    }
}
