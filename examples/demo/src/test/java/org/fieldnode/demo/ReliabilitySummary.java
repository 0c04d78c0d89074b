// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The closing line of {@code ./mvnw verify}: sums the counters the reliability suites wrote to
 * {@code <module>/target/reliability/<suite>.txt} ({@code key=value} lines: fuzz inputs tried, fault scenarios run,
 * SIGKILLs, readings lost and duplicated) and prints
 * {@code reliability: fuzz_inputs=N faults=N kills=N lost=N duplicated=N suites=N}. Before it, the summary lines a
 * suite left in {@code target/reliability/<suite>.line} (e.g. the chaos run's {@code chaos: kills=N ...}), since a
 * test's own output goes to Failsafe's report files, not to the console. Run by the exec plugin in this module's
 * {@code verify} phase, after its integration tests, with the build's root directory as argument.
 */
public final class ReliabilitySummary {
    private static final List<String> KEYS = List.of("fuzz_inputs", "faults", "kills", "lost", "duplicated");

    private ReliabilitySummary() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        suiteLines(root).forEach(System.out::println);
        System.out.println(line(root));
    }

    /** The lines of every {@code <module>/target/reliability/*.line}, file by file in name order. */
    static List<String> suiteLines(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : reliabilityFiles(root, ".line")) {
            lines.addAll(
                    Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList());
        }
        return lines;
    }

    private static List<Path> reliabilityFiles(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.find(
                root,
                5,
                (p, a) -> a.isRegularFile()
                        && p.getFileName().toString().endsWith(suffix)
                        && p.getParent().getFileName().toString().equals("reliability")
                        && p.getParent().getParent().getFileName().toString().equals("target"))) {
            return files.sorted().toList();
        }
    }

    static String line(Path root) throws IOException {
        Map<String, Long> totals = new TreeMap<>();
        KEYS.forEach(k -> totals.put(k, 0L));
        int suites = 0;
        for (Path file : reliabilityFiles(root, ".txt")) {
            suites++;
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && KEYS.contains(line.substring(0, eq))) {
                    totals.merge(
                            line.substring(0, eq),
                            Long.parseLong(line.substring(eq + 1).strip()),
                            Long::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder("reliability:");
        for (String key : KEYS) {
            out.append(' ').append(key).append('=').append(totals.get(key));
        }
        return out.append(" suites=").append(suites).toString();
    }
}
