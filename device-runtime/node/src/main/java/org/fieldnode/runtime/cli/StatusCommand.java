// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.fieldnode.runtime.app.StatusFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode status}: what the node running on this data directory is doing, read from its status file. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the state of the node that runs (or last ran) with this data directory: sensors with their last"
                    + " value and health (a failing one with its last error), queue depth, last successful report,"
                    + " last error, and while it cannot"
                    + " deliver, since when and why (no_answer, handshake_refused, collector_busy, collector_error,"
                    + " not_enrolled, other).",
            "Ends with one key=value line. Exit code 0 when the node is running, 1 when it is not."
        })
public final class StatusCommand implements Callable<Integer> {
    /** A status older than this means the node is hung or gone (it writes every 5 s). */
    private static final long STALE_SECONDS = 30;

    /** A sensor's keys shown on its own line and the one under it; the others are its last values. */
    private static final Set<String> SENSOR_STATE_KEYS =
            Set.of("compatible", "health", "failing_since", "failures", "last_error");

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${FIELDNODE_DATA_DIR:-${sys:user.home}/.fieldnode}",
            description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Map<String, String>> read = StatusFile.read(dataDir);
        if (read.isEmpty()) {
            out.println("No node has run with data directory " + dataDir + " (start one with: fieldnode run --profile"
                    + " PROFILE --data-dir " + dataDir + ")");
            out.println("status: running=false data_dir=" + dataDir);
            return Main.EXIT_FAILURE;
        }
        Map<String, String> v = read.get();
        Instant now = Instant.now();
        boolean running = StatusFile.isLive(v, now, STALE_SECONDS);
        String state = running ? v.getOrDefault("state", "?") : "STOPPED";
        out.printf("Node %s: %s%s%n", v.get("node"), state, running ? ", up " + age(v.get("started"), now) : "");
        out.printf("  profile      %s%n", v.get("profile"));
        out.printf(
                "  readings     sampled %s, acknowledged %s, queued %s, dropped %s%n",
                v.get("sampled"), v.get("acknowledged"), v.get("queued"), v.get("dropped"));
        String lastReport = v.getOrDefault("last_report", "never");
        out.printf(
                "  last report  %s%n",
                lastReport.equals("never") ? "never" : lastReport + " (" + age(lastReport, now) + " ago)");
        out.printf("  last error   %s%n", v.getOrDefault("last_error", "none"));
        String delivery = v.getOrDefault("delivery", "ok");
        String since = v.getOrDefault("undelivered_since", "none");
        out.printf(
                "  delivery     %s%n",
                delivery.equals("ok") || since.equals("none")
                        ? delivery
                        : delivery + " since " + since + " (" + age(since, now) + ")");
        String identity = identity(dataDir);
        out.printf("  identity     %s%n", identity);
        out.println("  sensors");
        Map<String, Map<String, String>> sensors = new TreeMap<>();
        v.forEach((key, value) -> {
            if (key.startsWith("sensor.")) {
                String rest = key.substring("sensor.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    sensors.computeIfAbsent(rest.substring(0, dot), k -> new TreeMap<>())
                            .put(rest.substring(dot + 1), value);
                }
            }
        });
        List<String> failing = new ArrayList<>();
        sensors.forEach((id, fields) -> {
            String health = fields.getOrDefault("health", "?");
            String failingSince = fields.get("failing_since");
            if (!health.equals("OK")) {
                failing.add(id);
            }
            out.printf(
                    "    %-8s %-22s %s%s%n",
                    id,
                    fields.getOrDefault("compatible", "?"),
                    health,
                    failingSince == null
                            ? ""
                            : " since " + failingSince + " (" + age(failingSince, now) + ", "
                                    + fields.getOrDefault("failures", "?")
                                    + " failed attempt(s))");
            if (fields.containsKey("last_error")) {
                out.printf("             %-14s %s%n", "last error", fields.get("last_error"));
            }
            fields.forEach((name, value) -> {
                if (!SENSOR_STATE_KEYS.contains(name)) {
                    out.printf("             %-14s %s%n", name, value);
                }
            });
        });
        out.printf(
                "status: node=%s running=%s state=%s queued=%s dropped=%s last_report=%s failing_sensors=%s"
                        + " identity=%s delivery=%s undelivered_since=%s%n",
                v.get("node"),
                running,
                state,
                v.get("queued"),
                v.get("dropped"),
                lastReport,
                failing.isEmpty() ? "none" : String.join(",", failing),
                identity.split(" ", 2)[0],
                delivery,
                since);
        return running ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /**
     * The enrolment state an enrolled node writes beside its status ({@code security}): BOOTSTRAP, ENROLLING, OK,
     * RENEWING or DEGRADED with the certificate's subject and expiry; {@code PSK} for a node run with a
     * pre-shared key file.
     */
    private static String identity(Path dataDir) throws IOException {
        Path file = dataDir.resolve(org.fieldnode.runtime.app.EnrolledNode.SECURITY_STATE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return "PSK (pre-shared key file; no enrolled certificate)";
        }
        Map<String, String> security = new TreeMap<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                security.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String state = security.getOrDefault("state", "?");
        return security.containsKey("subject")
                ? state + " (" + security.get("subject") + ", certificate valid until " + security.get("not_after")
                        + ")"
                : state;
    }

    private static String age(String instant, Instant now) {
        try {
            Duration d = Duration.between(Instant.parse(instant), now);
            long s = Math.max(0, d.toSeconds());
            if (s < 120) {
                return s + " s";
            }
            if (s < 7200) {
                return s / 60 + " min";
            }
            if (s < 172_800) {
                return s / 3600 + " h";
            }
            return s / 86_400 + " days";
        } catch (DateTimeParseException e) {
            return "?";
        }
    }
}
