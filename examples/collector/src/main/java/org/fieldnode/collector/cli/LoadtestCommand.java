// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.DurationConverter;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.loadtest.ClusterLoadTest;
import org.fieldnode.collector.loadtest.LoadTest;
import org.fieldnode.collector.postgresql.PostgresLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode collector loadtest}: a collector and N simulated nodes in one process, on loopback. */
@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        description = {
            "Start a collector on a free loopback port (SQLite store in a temporary directory, or --data-dir)",
            "and N simulated nodes, each with its own UDP port and DTLS session, reporting SenML batches at",
            "--rate reports per second in all. Loopback only; at most 10000 nodes and 1h.",
            "Prints progress lines, then",
            "  loadtest: nodes=N handshakes=N reports=N stored=N errors=N p99_ms=X rss_mb=Y ...",
            "With --crash-at T the collector crashes at T (it loses every DTLS session, as after SIGKILL or a",
            "power cut) and runs again on the same port after --down; the nodes recover as real nodes do (back-off",
            "with jitter, a handshake with the retry), and one more line tells what the restarted collector saw:",
            "  restart: down_s=N nodes=N recovered=N handshakes=N handshakes_per_s_peak=N handshakes_per_s_mean=X"
                    + " recovered_s=N",
            "With --members N --store postgresql://HOST/DB it drives a cluster of N collectors over that store instead",
            "(nodes closed loop, records spread over the members) and prints",
            "  loadtest: members=N nodes=N duration_s=N reports=N stored=N errors=N unanswered=N req_per_s=X"
                    + " forwarded=N",
            "(stored counts readings; unanswered: reports cancelled at the stop; use a scratch database: the",
            "nodes loadtest-NNNNN and their readings stay in it).",
            "Exit codes: 0 when errors=0 (with --crash-at: every node recovered; with --members: unanswered=0) and",
            "every acknowledged reading is stored, 1 otherwise, 2 bad option."
        })
final class LoadtestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "100",
            description = "Simulated nodes (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(
            names = "--duration",
            paramLabel = "D",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long reports are started, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Reports per second over all nodes (default: the number of nodes, at most 100).")
    private Double rate;

    @Option(
            names = "--readings",
            paramLabel = "K",
            defaultValue = "4",
            description = "Readings per report (default: ${DEFAULT-VALUE}, a weather station's).")
    private int readings;

    @Option(
            names = "--crash-at",
            paramLabel = "T",
            converter = DurationConverter.class,
            description = "Crash the collector this long after the start, e.g. 20s (default: no crash).")
    private Duration crashAt;

    @Option(
            names = "--down",
            paramLabel = "D",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "With --crash-at: how long the collector stays down (default: ${DEFAULT-VALUE}).")
    private Duration down;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the collector's store here instead of a temporary directory.")
    private Path dataDir;

    @Option(
            names = "--members",
            paramLabel = "N",
            description = "Drive a cluster of N collectors (DTLS Connection-ID cluster, records spread over the members"
                    + " by a UDP balancer on loopback) over the PostgreSQL store of --store; nodes report closed loop.")
    private Integer members;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "With --members: postgresql://HOST[:PORT]/DATABASE (credentials from --store-credentials or"
                    + " PGUSER/PGPASSWORD).")
    private String store;

    @Option(
            names = "--store-credentials",
            paramLabel = "FILE",
            description = "A file of mode 0600 with user=NAME and password=SECRET lines for --store.")
    private Path storeCredentials;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (members != null || store != null) {
                return cluster(out);
            }
            LoadTest.Settings settings;
            try {
                settings = new LoadTest.Settings(
                        nodes,
                        duration,
                        rate != null ? rate : Math.min(nodes, 100),
                        readings,
                        Optional.ofNullable(dataDir),
                        Duration.ofSeconds(duration.toSeconds() >= 30 ? 5 : 1),
                        Optional.ofNullable(crashAt).map(at -> new LoadTest.Crash(at, down)));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            LoadTest.Result result = LoadTest.run(settings, line -> {
                out.println(line);
                out.flush();
            });
            result.recovery().ifPresent(r -> out.println(r.line()));
            out.println(result.line());
            out.flush();
            return result.passed() ? 0 : 1;
        } catch (StoreException e) {
            err.println("fieldnode collector loadtest: failed: " + e.getMessage());
            return 1;
        } catch (UserError e) {
            err.println("fieldnode collector loadtest: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("fieldnode collector loadtest: failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@code --members N --store URL}: a cluster over PostgreSQL ({@link ClusterLoadTest}). */
    private int cluster(PrintWriter out) throws UserError, IOException, StoreException, InterruptedException {
        if (members == null || store == null) {
            throw new UserError("--members and --store go together: --members N --store postgresql://HOST/DB");
        }
        if (crashAt != null || dataDir != null || rate != null) {
            throw new UserError(
                    "--members runs nodes closed loop on a PostgreSQL store: no --rate, --crash-at or" + " --data-dir");
        }
        if (nodes < 1 || nodes > LoadTest.MAX_NODES) {
            throw new UserError("--nodes expects 1 to " + LoadTest.MAX_NODES + ", got " + nodes);
        }
        PostgresLocation location;
        try {
            location = PostgresLocation.of(store, Optional.ofNullable(storeCredentials), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UserError("--store: " + e.getMessage());
        }
        ClusterLoadTest.Result result;
        try {
            result = ClusterLoadTest.run(members, location, nodes, duration, readings, line -> {
                out.println(line);
                out.flush();
            });
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        out.println(result.line());
        out.flush();
        return result.passed(readings) ? 0 : 1;
    }
}
