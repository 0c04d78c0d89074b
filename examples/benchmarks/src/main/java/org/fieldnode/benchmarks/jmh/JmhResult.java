// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One JMH result: the mean time of one benchmark method with one set of parameters, and its error as JMH reports
 * it (the half-width of the 99.9 % confidence interval over the measurement iterations of every fork; NaN with a
 * single iteration).
 *
 * @param benchmark the full name, e.g. {@code org.fieldnode.benchmarks.jmh.QueueBenchmark.appendCycle}
 * @param params the {@code @Param} values, in JMH's order; empty when the benchmark has none
 * @param mean the mean score in {@code unit}
 * @param error the 99.9 % confidence half-width in {@code unit}, or NaN
 * @param unit JMH's unit, e.g. {@code us/op}
 */
public record JmhResult(String benchmark, Map<String, String> params, double mean, double error, String unit) {
    public JmhResult {
        params = Map.copyOf(params);
    }

    /** The class's simple name and the method, with the parameters: {@code QueueBenchmark.appendCycle fsync=per-batch}. */
    public String label() {
        String[] parts = benchmark.split("\\.");
        String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        return params.isEmpty() ? shortName : shortName + " " + paramText();
    }

    /**
     * A machine name: {@code jmh_} and the class (without {@code Benchmark}), the method and the parameter values in
     * snake case, e.g. {@code jmh_queue_append_cycle_per_batch}.
     */
    public String key() {
        String[] parts = benchmark.split("\\.");
        String className = parts.length >= 2 ? parts[parts.length - 2] : "";
        String method = parts[parts.length - 1];
        StringBuilder key = new StringBuilder("jmh_")
                .append(snake(className.replaceFirst("Benchmark$", "")))
                .append('_')
                .append(snake(method));
        params.keySet().stream().sorted().forEach(name -> key.append('_').append(snake(params.get(name))));
        return key.toString();
    }

    /** {@code 12.3 ± 0.4}, or {@code 12.3 ± ?} without an error estimate. */
    public String meanWithError() {
        return number(mean) + " ± " + (Double.isNaN(error) ? "?" : number(error));
    }

    private String paramText() {
        return params.keySet().stream()
                .sorted()
                .map(k -> k + "=" + params.get(k))
                .collect(Collectors.joining(" "));
    }

    /** Three significant digits at least, no exponent: 0.0123, 1.23, 123, 12345. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.1 ? 3 : 4;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_|_$", "")
                .toLowerCase(Locale.ROOT);
    }
}
