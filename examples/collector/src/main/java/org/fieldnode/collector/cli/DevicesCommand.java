// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.export.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode collector devices}: every device the collector has heard, with its state and health. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = {
            "List the devices the collector has heard: state, last seen, queue depth, battery, dropped.",
            "state is the node's own (ok, degraded, bootstrap) when it reports one, else active;",
            "silent when not heard for 15 minutes. - means the node has not reported that figure.",
            "When the data directory has an enrolment registry (enrolment.db), each device also shows its",
            "ENROLMENT (issued: bundle not yet used; enrolled; revoked) and BUNDLE (the name it was issued under),",
            "devices with an unused bundle are listed too, and a line enrolment: issued=N enrolled=N revoked=N",
            "precedes the summary. --format kv prints one key=value line per device for scripts. Both end with",
            "devices: count=N active=N silent=N"
        })
final class DevicesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirectoryOption dataDirectory;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or kv.")
    private String format;

    /** The clock that judges silence; tests replace it. */
    InstantSource clock = InstantSource.system();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!format.equals("table") && !format.equals("kv")) {
                throw new UserError("--format expects table or kv, got '" + format + "'");
            }
            Optional<EnrolmentStates> enrolment = EnrolmentStates.read(dataDirectory.path());
            List<DeviceSummary> devices;
            Map<String, DeviceUpdates.DeviceUpdate> updates = Map.of();
            if (enrolment.isPresent() && !StoreFiles.exists(dataDirectory.path())) {
                devices = List.of(); // bundles issued, the collector not yet served
            } else {
                try (StoreFiles store = StoreFiles.forQueries(dataDirectory.path())) {
                    devices = store.store().devices();
                    updates = updatesOf(store);
                }
            }
            Instant now = clock.instant();
            List<Row> rows = rows(devices, enrolment, now);
            if (format.equals("table")) {
                table(out, rows, enrolment.isPresent(), updates);
            } else {
                for (Row r : rows) {
                    out.println(r.keyValues(enrolment.isPresent()) + updateKeyValues(updates, r.device()));
                }
            }
            enrolment.ifPresent(e -> out.println(e.summary()));
            long silent = devices.stream()
                    .filter(d -> d.liveness(now).equals("silent"))
                    .count();
            out.println(
                    "devices: count=" + devices.size() + " active=" + (devices.size() - silent) + " silent=" + silent);
            out.flush();
            return 0;
        } catch (UserError e) {
            err.println("fieldnode collector devices: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            err.println("fieldnode collector devices: failed: " + e.getMessage());
            return 1;
        }
    }

    /** One line of the listing: a device heard by the collector and/or known to the enrolment registry. */
    private record Row(
            String device,
            String state,
            String lastSeen,
            String queue,
            String battery,
            String batteryKv,
            String dropped,
            EnrolmentStates.State enrolment) {
        String[] cells(boolean withEnrolment) {
            String printable = Arguments.printable(device);
            return withEnrolment
                    ? new String[] {
                        printable, state, lastSeen, queue, battery, dropped, enrolment.state(), enrolment.bundle()
                    }
                    : new String[] {printable, state, lastSeen, queue, battery, dropped};
        }

        String keyValues(boolean withEnrolment) {
            String line = "device=" + quoted(device) + " state=" + state + " last_seen=" + lastSeen + " queue=" + queue
                    + " battery=" + batteryKv + " dropped=" + dropped;
            return withEnrolment
                    ? line + " enrolment=" + enrolment.state() + " bundle=" + quoted(enrolment.bundle())
                    : line;
        }
    }

    private static List<Row> rows(List<DeviceSummary> devices, Optional<EnrolmentStates> enrolment, Instant now) {
        List<Row> rows = new ArrayList<>();
        Set<String> heard = new HashSet<>();
        for (DeviceSummary d : devices) {
            heard.add(d.device());
            rows.add(new Row(
                    d.device(),
                    d.state(now),
                    d.lastSeen().toString(),
                    queue(d),
                    battery(d, " "),
                    battery(d, ""),
                    dropped(d),
                    enrolment.map(e -> e.of(d.device())).orElse(EnrolmentStates.State.NONE)));
        }
        enrolment.ifPresent(e -> e.unheard(heard)
                .forEach((device, state) -> rows.add(new Row(device, "-", "-", "-", "-", "-", "-", state))));
        return rows;
    }

    /**
     * The release each node runs and its update state (issue 16); empty when no node has reported one, or the
     * store predates the device_update table, so that the listing of a fleet without updates stays as it was.
     */
    private static Map<String, DeviceUpdates.DeviceUpdate> updatesOf(StoreFiles store) {
        if (store.deviceUpdates().isEmpty()) {
            return Map.of();
        }
        try {
            return store.deviceUpdates().get().all();
        } catch (StoreException e) {
            return Map.of();
        }
    }

    private static String updateKeyValues(Map<String, DeviceUpdates.DeviceUpdate> updates, String device) {
        if (updates.isEmpty()) {
            return "";
        }
        DeviceUpdates.DeviceUpdate u = updates.get(device);
        return u == null ? " release=- update=-" : " release=" + u.installed() + " update=" + updateState(u);
    }

    private static String updateState(DeviceUpdates.DeviceUpdate u) {
        if (u.state().equals("idle")) {
            return "idle";
        }
        String state = u.state() + ":" + u.target();
        if (u.state().equals("downloading") && u.received() > 0) {
            state += "(" + u.received() + "B)";
        }
        return u.reason().isEmpty() ? state : state + "(" + Arguments.printable(u.reason()) + ")";
    }

    private static void table(
            PrintWriter out,
            List<Row> devices,
            boolean withEnrolment,
            Map<String, DeviceUpdates.DeviceUpdate> updates) {
        String[] base = withEnrolment
                ? new String[] {
                    "DEVICE", "STATE", "LAST SEEN (UTC)", "QUEUE", "BATTERY", "DROPPED", "ENROLMENT", "BUNDLE"
                }
                : new String[] {"DEVICE", "STATE", "LAST SEEN (UTC)", "QUEUE", "BATTERY", "DROPPED"};
        String[] header = updates.isEmpty() ? base : append(base, "RELEASE", "UPDATE");
        List<String[]> rows = devices.stream()
                .map(r -> {
                    String[] cells = r.cells(withEnrolment);
                    if (updates.isEmpty()) {
                        return cells;
                    }
                    DeviceUpdates.DeviceUpdate u = updates.get(r.device());
                    return u == null
                            ? append(cells, "-", "-")
                            : append(cells, Long.toString(u.installed()), updateState(u));
                })
                .toList();
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(header, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private static String[] append(String[] cells, String... more) {
        String[] all = java.util.Arrays.copyOf(cells, cells.length + more.length);
        System.arraycopy(more, 0, all, cells.length, more.length);
        return all;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", cells[i]));
        }
        return line.toString().stripTrailing();
    }

    /** Values are printed bare; a device identity with a space or {@code =} would be ambiguous, so it is quoted. */
    static String keyValues(DeviceSummary d, Instant now) {
        return "device=" + quoted(d.device()) + " state=" + d.state(now) + " last_seen=" + d.lastSeen() + " queue="
                + queue(d) + " battery=" + battery(d, "") + " dropped=" + dropped(d);
    }

    private static String quoted(String text) {
        String device = Arguments.printable(text);
        if (device.isEmpty() || device.chars().anyMatch(c -> c == ' ' || c == '=' || c == '"')) {
            device = '"' + device.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return device;
    }

    private static String queue(DeviceSummary d) {
        return d.queueDepth().isPresent() ? Long.toString(d.queueDepth().getAsLong()) : "-";
    }

    private static String dropped(DeviceSummary d) {
        return d.dropped().isPresent() ? Long.toString(d.dropped().getAsLong()) : "-";
    }

    private static String battery(DeviceSummary d, String separator) {
        return d.battery().isPresent() ? Text.number(d.battery().getAsDouble()) + separator + d.batteryUnit() : "-";
    }
}
