// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.fieldnode.benchmarks.BenchFlags;
import org.fieldnode.drivers.sensor.bosch.bmx280.CompensationBenchmark;
import org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xConversionBenchmark;
import org.fieldnode.runtime.store.QueueBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of the hot paths programmatically: BME280 compensation and SHT3x conversion, driver
 * fetch over the simulators, SenML encoding and decoding of an hourly batch, the durable queue under each fsync
 * policy, and the collector's decode-and-store.
 *
 * <p>Each class runs in its own {@link Runner} call, so that progress can be told class by class. Forked JVMs are
 * started by JMH with this JVM's {@code java} and {@code java.class.path} (what the {@code ./fieldnode} launcher
 * passes with {@code -cp}), and with exactly the given JVM flags ({@code jvmArgs} replaces what JMH would otherwise
 * inherit from this JVM, such as a test runner's agents): by default the node's small-device flags of
 * {@link BenchFlags#node()}, so C1 only ({@code -XX:TieredStopAtLevel=1}) and SerialGC, as on a Pi.
 *
 * <p>From a shell: {@code java -cp CLASSPATH org.fieldnode.benchmarks.jmh.JmhSuite [--quick] [--include REGEX]}
 * prints JMH's own output and then a table of means ± errors.
 */
public final class JmhSuite {
    /** The benchmark classes, in the order they run. */
    public static final List<Class<?>> BENCHMARKS = List.of(
            CompensationBenchmark.class,
            Sht3xConversionBenchmark.class,
            DriverFetchBenchmark.class,
            SenmlEncodingBenchmark.class,
            QueueBenchmark.class,
            CollectorIngestBenchmark.class);

    /**
     * How long JMH measures: forks per benchmark, then warm-up and measurement iterations of a fixed duration.
     *
     * @param forks 0 runs in this JVM (tests only: no isolation, this JVM's flags)
     */
    public record Effort(
            int forks, int warmupIterations, Duration warmupTime, int measurementIterations, Duration measurementTime) {
        /**
         * {@code --quick}: one fork, 2 × 0.5 s warm-up, 10 × 0.25 s measured; about 5 s per benchmark and parameter
         * set, under two minutes in all. Errors are wide: one fork, and a shared machine.
         */
        public static final Effort QUICK = new Effort(1, 2, Duration.ofMillis(500), 10, Duration.ofMillis(250));

        /** Two forks, 3 × 1 s warm-up, 5 × 2 s measured each; about 8 minutes in all. */
        public static final Effort FULL = new Effort(2, 3, Duration.ofSeconds(1), 5, Duration.ofSeconds(2));

        public Effort {
            if (forks < 0 || warmupIterations < 0 || measurementIterations < 1) {
                throw new IllegalArgumentException("forks and warm-up iterations must be >= 0, measurement iterations"
                        + " >= 1, got " + forks + ", " + warmupIterations + ", " + measurementIterations);
            }
            Objects.requireNonNull(warmupTime, "warmupTime");
            Objects.requireNonNull(measurementTime, "measurementTime");
        }
    }

    private JmhSuite() {}

    /**
     * Runs {@code benchmarks} (methods of the given classes whose full name matches {@code include}, found with
     * {@link Pattern#find}), each class in turn.
     *
     * @param jvmFlags the forked JVMs' flags; {@link BenchFlags#node()} for the node's
     * @param jmhOutput where JMH's own progress goes (iterations, forks, warnings)
     * @param progress told the simple name of each class before it runs
     * @throws RunnerException when a benchmark fails (JMH's output says why)
     */
    public static List<JmhResult> run(
            List<Class<?>> benchmarks,
            String include,
            Effort effort,
            List<String> jvmFlags,
            PrintStream jmhOutput,
            Consumer<String> progress)
            throws RunnerException {
        Pattern filter = Pattern.compile(include);
        OutputFormat format = OutputFormatFactory.createFormatInstance(jmhOutput, VerboseMode.NORMAL);
        List<JmhResult> results = new ArrayList<>();
        for (Class<?> benchmark : benchmarks) {
            if (!matchesAnyMethod(benchmark, filter)) {
                continue;
            }
            // This class's methods (JMH matches with find()), and among them those the filter finds.
            String methods = "^(?=" + Pattern.quote(benchmark.getName() + ".") + "\\w+$)(?=.*(?:" + include + "))";
            progress.accept(benchmark.getSimpleName());
            for (RunResult run : new Runner(options(methods, effort, jvmFlags), format).run()) {
                results.add(result(run));
            }
        }
        return results;
    }

    /** The whole suite with the node's JVM flags; JMH's output to {@code jmhOutput}. */
    public static List<JmhResult> runAll(
            boolean quick, List<String> jvmFlags, PrintStream jmhOutput, Consumer<String> progress)
            throws RunnerException {
        return run(BENCHMARKS, "", quick ? Effort.QUICK : Effort.FULL, jvmFlags, jmhOutput, progress);
    }

    static Options options(String include, Effort effort, List<String> jvmFlags) {
        return new OptionsBuilder()
                .include(include)
                .forks(effort.forks())
                .warmupIterations(effort.warmupIterations())
                .warmupTime(TimeValue.milliseconds(effort.warmupTime().toMillis()))
                .measurementIterations(effort.measurementIterations())
                .measurementTime(TimeValue.milliseconds(effort.measurementTime().toMillis()))
                .jvmArgs(forkArguments(jvmFlags).toArray(String[]::new))
                .shouldFailOnError(true)
                .build();
    }

    /**
     * The flags; tinylog at warn, so that the benchmarks' set-up lines (a queue or store opened per trial) stay out
     * of the output (nothing measured logs above debug); and where the file benchmarks work when this JVM was told
     * ({@value BenchmarkFiles#PROPERTY}).
     */
    static List<String> forkArguments(List<String> jvmFlags) {
        List<String> arguments = new ArrayList<>(jvmFlags);
        arguments.add("-Dtinylog.writer.level=warn");
        String directory = System.getProperty(BenchmarkFiles.PROPERTY);
        if (directory != null) {
            arguments.add("-D" + BenchmarkFiles.PROPERTY + "=" + directory);
        }
        return arguments;
    }

    private static boolean matchesAnyMethod(Class<?> benchmark, Pattern filter) {
        for (Method method : benchmark.getMethods()) {
            if (method.isAnnotationPresent(Benchmark.class)
                    && filter.matcher(benchmark.getName() + "." + method.getName())
                            .find()) {
                return true;
            }
        }
        return false;
    }

    private static JmhResult result(RunResult run) {
        BenchmarkParams params = run.getParams();
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : params.getParamsKeys()) {
            values.put(key, params.getParam(key));
        }
        Result<?> primary = run.getPrimaryResult();
        return new JmhResult(
                params.getBenchmark(), values, primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
    }

    /** A Markdown table of means ± errors, one row per result. */
    public static String table(List<JmhResult> results) {
        StringBuilder table = new StringBuilder("| benchmark | mean ± error (99.9 %) | unit |\n|---|---:|---|\n");
        for (JmhResult r : results) {
            table.append("| ")
                    .append(r.label())
                    .append(" | ")
                    .append(r.meanWithError())
                    .append(" | ")
                    .append(r.unit())
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * {@code [--quick] [--include REGEX]}: runs the suite with the node's JVM flags, prints JMH's output and a table.
     * Exit codes: 0 measured, 1 a benchmark failed, 2 usage.
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        boolean quick = false;
        String include = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--include" -> {
                    if (i + 1 == args.length) {
                        err.println("jmh: --include needs a regular expression");
                        System.exit(2);
                    }
                    include = args[++i];
                }
                case "--help", "-h" -> {
                    out.println("usage: JmhSuite [--quick] [--include REGEX]  (scratch files: -D"
                            + BenchmarkFiles.PROPERTY + "=DIR, default java.io.tmpdir)");
                    return;
                }
                default -> {
                    err.println("jmh: unknown argument '" + args[i] + "'; usage: JmhSuite [--quick] [--include REGEX]");
                    System.exit(2);
                }
            }
        }
        try {
            Effort effort = quick ? Effort.QUICK : Effort.FULL;
            List<JmhResult> results =
                    run(BENCHMARKS, include, effort, BenchFlags.node(), out, name -> err.println("jmh: " + name));
            out.println();
            out.println("Files: " + BenchmarkFiles.describeRoot() + "; forks' JVM flags: "
                    + String.join(" ", BenchFlags.node()));
            out.print(table(results));
        } catch (RunnerException e) {
            err.println("jmh: a benchmark failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
