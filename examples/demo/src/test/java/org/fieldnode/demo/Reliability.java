// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.fieldnode.demo.soak.FaultScenarios;

/**
 * The counters the fault suites of this module add to {@code target/reliability/<suite>.txt}, which the build's
 * closing {@code reliability:} line sums up.
 */
final class Reliability {
    private static final Map<String, Map<String, Long>> COUNTERS = new TreeMap<>();

    private Reliability() {}

    static void fault(FaultScenarios.Outcome outcome) {
        count("faults", "faults", 1);
        count("faults", "lost", outcome.lost());
        count("faults", "duplicated", outcome.duplicated());
    }

    /** The suite's summary line, echoed to the console by the build's closing summary. */
    static void line(String suite, String line) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve(suite + ".line"), line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void count(String suite, String key, long n) {
        Map<String, Long> counters = COUNTERS.computeIfAbsent(suite, s -> new TreeMap<>());
        counters.merge(key, n, Long::sum);
        StringBuilder text = new StringBuilder();
        counters.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve(suite + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
