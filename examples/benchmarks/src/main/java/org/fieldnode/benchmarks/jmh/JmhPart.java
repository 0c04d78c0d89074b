// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Target;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@code fieldnode bench --jmh}: the JMH suite ({@link JmhSuite}) with the run's JVM flags, quick or full as the
 * run is. Every result becomes a figure {@code jmh_<class>_<method>[_<params>]} without floor or target, its
 * 99.9 % error in the note. JMH's own output goes to {@code jmh.log} in the run's scratch directory; when a
 * benchmark fails, its last lines are in the exception.
 */
public final class JmhPart implements BenchPart {
    private static final int LOG_LINES_ON_FAILURE = 30;

    @Override
    public String id() {
        return "jmh";
    }

    @Override
    public String name() {
        return "JMH hot paths";
    }

    @Override
    public List<Figure> measure(BenchContext context) throws IOException {
        Path log = context.workDir().resolve("jmh.log");
        List<JmhResult> results;
        try (OutputStream file = Files.newOutputStream(log);
                PrintStream jmhOutput = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            results = JmhSuite.runAll(
                    context.quick(), context.jvmFlags(), jmhOutput, name -> context.step("jmh: %s", name));
        } catch (RunnerException e) {
            throw new IOException("JMH: " + e.getMessage() + "; the end of its output:\n" + tail(log), e);
        }
        String files = BenchmarkFiles.describeRoot();
        List<Figure> figures = new ArrayList<>();
        for (JmhResult r : results) {
            figures.add(figure(r, files));
        }
        return figures;
    }

    static Figure figure(JmhResult r, String files) {
        String note = "± " + (Double.isNaN(r.error()) ? "?" : JmhResult.number(r.error())) + " (99.9 %)";
        if (r.benchmark().contains("Queue") || r.benchmark().contains("Collector")) {
            note += "; files on " + files;
        }
        return Figure.alone(r.key(), "JMH " + r.label(), r.unit(), r.mean(), Target.none())
                .withNote(note);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
