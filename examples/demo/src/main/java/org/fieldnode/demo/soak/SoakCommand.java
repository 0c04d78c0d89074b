// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldnode.cli.DurationConverter;
import org.fieldnode.cli.FieldnodeSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fieldnode soak}: outages, kills and restarts on loopback, then a count of what arrived. */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Run a collector and a simulated node as separate processes with a lossy UDP relay between them"
                    + " (loopback only), kill the node with SIGKILL every --kill-every and restart it, restart the"
                    + " collector once, then drain the backlog and compare what was sampled with what was stored.",
            "With --faults, also injects faults around a node (sampling in virtual time, delivery over DTLS on"
                    + " loopback): collector-away (a simulated day, see --collector-away), storage-full, corrupt-queue,"
                    + " sensor-unplug, clock-steps; one 'fault: name=... lost=N duplicated=N' line each. With"
                    + " --kill-loop N, kills fieldnode run processes N times while they sample and deliver.",
            "With --kill-collector, the process soak is a chaos run instead: two PSK nodes, one enrolled node and the"
                    + " collector as processes, SIGKILLs of any of them (a third of them the collector) about every"
                    + " --kill-every for --duration, each restarted at once (the collector on its address), then every"
                    + " node delivers its queue within --drain-limit; it ends with"
                    + " 'chaos: kills=N collector_kills=N stored=N lost=N duplicated=N drain_s=N'.",
            "Ends with: soak: sampled=N stored=N lost=N duplicated=N node_kills=N (unless --only-faults)",
            "Exit code 0 when nothing was lost or duplicated, 1 otherwise."
        })
public final class SoakCommand implements Callable<Integer>, FieldnodeSubcommand {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long the node samples under faults (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(
            names = "--loss",
            defaultValue = "20",
            paramLabel = "PERCENT",
            description = "Datagrams dropped each way, 0-90 (default: ${DEFAULT-VALUE}).")
    private int loss;

    @Option(
            names = "--kill-every",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Period of the SIGKILLs (default: ${DEFAULT-VALUE}).")
    private Duration killEvery;

    @Option(
            names = "--drain-limit",
            defaultValue = "180s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long the backlog may take to drain at the end (default: ${DEFAULT-VALUE}).")
    private Duration drainLimit;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where the node and collector keep their data and the log (default: a new temporary"
                    + " directory, kept for inspection).")
    private Path workDir;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seed of the relay's faults (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--faults",
            split = ",",
            paramLabel = "FAULT",
            description = "Fault scenarios to run after the soak: all, or any of collector-away, storage-full,"
                    + " corrupt-queue, sensor-unplug, clock-steps (comma-separated).")
    private List<String> faults = List.of();

    @Option(
            names = "--collector-away",
            defaultValue = "24h",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long (virtual) the collector is away in the collector-away fault (default: 24h).")
    private Duration collectorAway;

    @Option(
            names = "--kill-loop",
            defaultValue = "0",
            paramLabel = "N",
            description = "After the soak, SIGKILL fieldnode run processes N times, 100-300 ms after each is up,"
                    + " then drain and compare (default: 0, none).")
    private int killLoop;

    @Option(
            names = "--profile",
            defaultValue = "simulated-weather-station",
            paramLabel = "PROFILE",
            description = "The process soak's node profile, a file or a built-in name, on simulated buses; drivers"
                    + " and simulators in drivers.d/ included (default: ${DEFAULT-VALUE}).")
    private String profile;

    @Option(names = "--only-faults", description = "Skip the process soak; run only --faults and --kill-loop.")
    private boolean onlyFaults;

    @Option(
            names = "--kill-collector",
            description = "Make the process soak a chaos run: SIGKILLs of three nodes (one enrolled) and of the"
                    + " collector itself, nodes talking to it directly (no lossy relay, so no --loss).")
    private boolean killCollector;

    @Override
    public Integer call() throws Exception {
        List<String> scenarios = faults.contains("all") ? FaultScenarios.NAMES : faults;
        for (String name : scenarios) {
            if (!FaultScenarios.NAMES.contains(name)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--faults: unknown fault '" + name + "'; known: all, "
                                + String.join(", ", FaultScenarios.NAMES));
            }
        }
        if (killLoop < 0 || killLoop > 100_000) {
            throw new ParameterException(spec.commandLine(), "--kill-loop must be 0..100000, got " + killLoop);
        }
        if (collectorAway.compareTo(Duration.ofMinutes(10)) < 0 || collectorAway.compareTo(Duration.ofDays(30)) > 0) {
            throw new ParameterException(spec.commandLine(), "--collector-away must be 10m..30d");
        }
        if (onlyFaults && scenarios.isEmpty() && killLoop == 0) {
            throw new ParameterException(spec.commandLine(), "--only-faults needs --faults or --kill-loop");
        }
        if (killCollector && spec.commandLine().getParseResult().hasMatchedOption("--loss")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--loss does not apply to --kill-collector: its nodes talk to the collector without a relay");
        }
        if (killCollector && onlyFaults) {
            throw new ParameterException(
                    spec.commandLine(), "--kill-collector is the process soak; not with --only-faults");
        }
        if (loss < 0 || loss > 90) {
            throw new ParameterException(spec.commandLine(), "--loss must be 0..90, got " + loss);
        }
        if (duration.compareTo(Duration.ofSeconds(5)) < 0 || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new ParameterException(spec.commandLine(), "--duration must be 5s..24h");
        }
        if (killEvery.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--kill-every must be at least 3s (a node needs" + " about 2 s to start)");
        }
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("fieldnode-soak-");
        PrintWriter out = spec.commandLine().getOut();
        out.println("soak: work directory " + work + " (logs: "
                + (killCollector ? work.resolve("*.log") : work.resolve("soak.log")) + ")");
        boolean clean = true;
        if (killCollector) {
            int kills = (int) Math.max(1, duration.toMillis() / killEvery.toMillis());
            ChaosRun.Result result = new ChaosRun(
                            new ChaosRun.Plan(duration, 2, 1, kills, (kills + 2) / 3, drainLimit, seed), work, out)
                    .run();
            out.println(result.summary());
            out.flush();
            clean = result.clean();
        } else if (!onlyFaults) {
            Soak.Result result =
                    new Soak(new Soak.Plan(duration, loss, killEvery, drainLimit, seed, profile), work, out).run();
            out.println(result.summary());
            out.flush();
            clean = result.clean();
        }
        FaultScenarios injected = new FaultScenarios(work.resolve("faults"));
        for (String name : scenarios) {
            FaultScenarios.Outcome outcome =
                    name.equals("collector-away") ? injected.collectorAway(collectorAway) : injected.run(name);
            out.println(outcome.summary());
            out.flush();
            clean &= outcome.clean();
        }
        if (killLoop > 0) {
            NodeKillLoop.Result loop = new NodeKillLoop(
                            new NodeKillLoop.Plan(
                                    killLoop,
                                    killLoop >= 2 ? 2 : 1,
                                    Duration.ofMillis(100),
                                    Duration.ofMillis(300),
                                    drainLimit,
                                    seed),
                            work,
                            out)
                    .run();
            out.println(loop.summary());
            out.flush();
            clean &= loop.clean();
        }
        return clean ? 0 : 1;
    }
}
