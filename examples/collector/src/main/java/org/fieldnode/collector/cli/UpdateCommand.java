// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.collector.update.ReleaseStore;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.security.event.SecurityEventCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector update publish|assign|list}: over-the-air releases (issue 16, UPDATES.md). The
 * collector stores releases packed and signed elsewhere ({@code fieldnode update pack}); it never holds the update
 * key (SECURITY R26). An assignment is the desired-configuration key {@code update.sequence}, so it rides the
 * acknowledgement of the node's next report.
 */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Over-the-air releases of the node application (UPDATES.md).",
            "  publish FILE                  store a release made by 'fieldnode update pack'",
            "  assign DEVICE|--all SEQUENCE  nodes fetch and install it after their next report",
            "  list                          the published releases"
        },
        subcommands = {UpdateCommand.Publish.class, UpdateCommand.Assign.class, UpdateCommand.ListReleases.class})
final class UpdateCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Store a release file; its payload must match its manifest's size and SHA-256.",
                "Prints release: sequence=N version=V kind=full|delta base=N bytes=N"
            })
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DataDirectoryOption dataDirectory;

        @Parameters(index = "0", paramLabel = "FILE", description = "The release file.")
        Path file;

        @Override
        public Integer call() {
            try {
                if (!Files.isRegularFile(file)) {
                    throw new UserError(file + ": no such file");
                }
                ReleaseManifest m = new ReleaseStore(dataDirectory.path()).publish(file);
                spec.commandLine()
                        .getOut()
                        .println("release: sequence=" + m.sequence() + " version=" + m.version() + " kind="
                                + (m.isDelta()
                                        ? "delta base=" + m.baseSequence().getAsLong()
                                        : "full base=-")
                                + " bytes=" + m.payloadSize());
                return 0;
            } catch (UserError | IOException e) {
                spec.commandLine().getErr().println("fieldnode collector update publish: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(
            name = "assign",
            mixinStandardHelpOptions = true,
            description = {
                "Make release SEQUENCE the one DEVICE (or every device the collector has heard, --all) should run.",
                "Prints assign: devices=N sequence=N"
            })
    static final class Assign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DataDirectoryOption dataDirectory;

        @Option(names = "--all", description = "Every device the collector has heard.")
        boolean all;

        @Parameters(
                paramLabel = "DEVICE SEQUENCE",
                description = "The device (a node id, a PSK identity or an enrolled node's device name; unless --all)"
                        + " and the release.")
        List<String> arguments = new ArrayList<>();

        /** The clock that stamps the change; tests replace it. */
        InstantSource clock = InstantSource.system();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                if (arguments.size() != (all ? 1 : 2)) {
                    throw new UserError("expected DEVICE SEQUENCE or --all SEQUENCE");
                }
                String sequence = arguments.get(arguments.size() - 1);
                Map.Entry<String, String> entry = parse(DesiredConfigCodec.UPDATE_SEQUENCE + "=" + sequence);
                if (new ReleaseStore(dataDirectory.path())
                        .payloadSize(Long.parseLong(entry.getValue()))
                        .isEmpty()) {
                    throw new UserError("release " + sequence + " is not published: fieldnode collector update"
                            + " publish FILE first");
                }
                Path database = Arguments.database(dataDirectory.path());
                if (!Files.isRegularFile(database)) {
                    throw new UserError(database + ": no collector store here");
                }
                try (SqliteReadingStore store = SqliteReadingStore.open(database)) {
                    List<String> devices = all
                            ? store.devices().stream()
                                    .map(DeviceSummary::device)
                                    .toList()
                            : List.of(DeviceNames.reportingIdentity(dataDirectory.path(), arguments.get(0)));
                    if (!all
                            && store.devices().stream()
                                    .noneMatch(d -> d.device().equals(devices.get(0)))
                            && !DeviceNames.enrolled(dataDirectory.path(), devices.get(0))) {
                        throw new UserError("unknown device '" + Arguments.printable(arguments.get(0))
                                + "': the collector has not heard it and no node enrolled under that name");
                    }
                    CollectorEvents events = CollectorEvents.fileIn(dataDirectory.path());
                    for (String device : devices) {
                        var config = store.desiredConfigs()
                                .set(device, Map.of(entry.getKey(), entry.getValue()), clock.instant());
                        events.record(
                                SecurityEventCode.CONFIG_CHANGED,
                                device,
                                "desired configuration version " + config.version() + ": update.sequence="
                                        + entry.getValue());
                    }
                    spec.commandLine()
                            .getOut()
                            .println("assign: devices=" + devices.size() + " sequence=" + entry.getValue());
                    return 0;
                }
            } catch (UserError e) {
                err.println("fieldnode collector update assign: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println("fieldnode collector update assign: failed: " + e.getMessage());
                return 1;
            }
        }

        private static Map.Entry<String, String> parse(String assignment) throws UserError {
            try {
                return DesiredConfigCodec.parseAssignment(assignment);
            } catch (org.fieldnode.protocol.desired.DesiredConfigException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {"The published releases, one key=value line each."})
    static final class ListReleases implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DataDirectoryOption dataDirectory;

        @Override
        public Integer call() {
            try {
                PrintWriter out = spec.commandLine().getOut();
                List<ReleaseManifest> releases = new ReleaseStore(dataDirectory.path()).list();
                for (ReleaseManifest m : releases) {
                    out.println("release: sequence=" + m.sequence() + " version=" + m.version() + " kind="
                            + (m.isDelta() ? "delta base=" + m.baseSequence().getAsLong() : "full base=-")
                            + " bytes=" + m.payloadSize());
                }
                out.println("releases: count=" + releases.size());
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("fieldnode collector update list: failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
