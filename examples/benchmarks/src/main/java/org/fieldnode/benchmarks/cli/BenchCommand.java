// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchFlags;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.jmh.JmhPart;
import org.fieldnode.cli.FieldnodeSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode bench}: fieldnode against the bare Californium/Scandium floor, side by side, in one run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure fieldnode against a bare Californium/Scandium client and server doing the same exchange",
            "with the same JVM flags, in this run, on loopback: node RSS and start-up, CPU per cycle, bytes on",
            "the wire per day, bytes and fsyncs on the card, collector throughput and memory.",
            "Prints a table (figure, floor, ratio, target), writes it to results/<date>.md, and ends with",
            "  bench: rss_ratio=X startup_ratio=X wire_bytes_per_day=N",
            "    wire_bytes_per_day_x509=N x509_handshake_bytes=N",
            "    disk_bytes_per_reading=N collector_ratio=X",
            "(one line; a dash for a figure the run did not measure).",
            "Figures on a shared machine are noisy: ratios, measured side by side, are what to compare.",
            "Exit codes: 0 measured (targets are reported, not enforced), 1 a measurement failed, 2 usage."
        })
public final class BenchCommand implements Callable<Integer>, FieldnodeSubcommand {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--quick",
            description = "Fewer repetitions and 1/100/1000 collector nodes (no 10,000): under five minutes.")
    private boolean quick;

    @Option(
            names = "--jmh",
            description =
                    "Also run the JMH benchmarks of the hot paths (two minutes with --quick), after the other parts.")
    private boolean jmh;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "PART",
            description = "Run only these parts, comma-separated: wire (the PSK day on the wire, the card), x509"
                    + " (the enrolled node's day with certificate handshakes), node (node RSS and start-up),"
                    + " collector (ingest and scale), jmh (the JMH hot paths); e.g. --only wire,x509."
                    + " Default: all but jmh (and jmh too with --jmh).")
    private List<String> only;

    @Option(
            names = "--results",
            paramLabel = "DIR",
            description = "Where results/<date>.md goes (default: the benchmarks module's results/ in a checkout).")
    private Path results;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<BenchPart> parts;
        if (only == null || only.isEmpty()) {
            parts = BenchParts.forRun(jmh);
        } else {
            try {
                parts = BenchParts.only(only);
            } catch (IllegalArgumentException e) {
                err.println("bench: " + e.getMessage());
                return 2;
            }
            if (jmh && parts.stream().noneMatch(p -> p instanceof JmhPart)) {
                err.println("bench: --jmh with --only: name jmh among the parts instead");
                return 2;
            }
        }
        Path work = Files.createTempDirectory("fieldnode-bench-");
        BenchContext context = new BenchContext(quick, work, BenchFlags.node(), err);
        List<Figure> figures = new ArrayList<>();
        try {
            for (BenchPart part : parts) {
                context.step("measuring %s", part.name());
                figures.addAll(part.measure(context));
            }
        } finally {
            deleteTree(work);
        }
        BenchReport report = new BenchReport(figures, quick, context.jvmFlags());
        out.print(report.table());
        Path file = report.write(resultsDir(), LocalDate.now());
        out.println("results: " + file);
        out.println(report.closingLine());
        out.flush();
        return 0;
    }

    private Path resultsDir() {
        if (results != null) {
            return results;
        }
        String fromLauncher = System.getProperty("fieldnode.bench.results");
        return Path.of(fromLauncher != null ? fromLauncher : "results");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
