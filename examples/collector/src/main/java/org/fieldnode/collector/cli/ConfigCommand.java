// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.ConfigStatus;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.collector.PskDirectoryFile.PskDirectoryException;
import org.fieldnode.collector.StoreException;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.desired.DesiredConfigException;
import org.fieldnode.security.event.SecurityEventCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fieldnode collector config set|show}: the configuration the collector wants a node to run. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "The desired configuration of a device (its twin). A node that reports with c=<version> is sent",
            "a newer desired configuration in the acknowledgement of its next report; it answers with the",
            "version it applied, or the version it refused and why."
        },
        subcommands = {ConfigCommand.Set.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options and error handling both subcommands share. */
    abstract static class DeviceCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DataDirectoryOption dataDirectory;

        @Parameters(
                index = "0",
                paramLabel = "DEVICE",
                description = "A node id, a PSK identity, or the device name of an enrolled node's bundle.")
        String device;

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                device = DeviceNames.reportingIdentity(dataDirectory.path(), device);
                try (StoreFiles store = StoreFiles.forChanges(dataDirectory.path())) {
                    return run(store, spec.commandLine().getOut());
                }
            } catch (UserError e) {
                err.println("fieldnode collector config " + spec.name() + ": " + e.getMessage());
                return 2;
            } catch (StoreException e) {
                err.println("fieldnode collector config " + spec.name() + ": failed: " + e.getMessage());
                return 1;
            }
        }

        abstract int run(StoreFiles store, PrintWriter out) throws UserError, StoreException;

        void requireKnown(StoreFiles store) throws UserError, StoreException {
            boolean seen =
                    store.store().devices().stream().anyMatch(d -> d.device().equals(device));
            if (seen || DeviceNames.enrolled(dataDirectory.path(), device)) {
                return;
            }
            Path keys = dataDirectory.path().resolve(PskDirectoryFile.FILE_NAME);
            try {
                if (Files.exists(keys)
                        && PskDirectoryFile.read(keys).lookup(device).isPresent()) {
                    return;
                }
            } catch (PskDirectoryException e) {
                throw new UserError(e.getMessage());
            }
            throw new UserError("unknown device '" + Arguments.printable(device)
                    + "': never seen, not enrolled and not in " + keys);
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Change the desired configuration of DEVICE; keys not named keep their value, key= removes one.",
                "Keys: interval.<sensor>=<duration 1s..1d>, deadband.<sensor>.<quantity>=<step>,",
                "queue.fsync=per-record|per-batch|interval:<duration>. Each set makes a new version.",
                "Prints config: device=D version=N entries=N"
            })
    static final class Set extends DeviceCommand {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "What to change.")
        List<String> assignments;

        /** The clock that stamps the change; tests replace it. */
        InstantSource clock = InstantSource.system();

        @Override
        int run(StoreFiles store, PrintWriter out) throws UserError, StoreException {
            Map<String, String> changes = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int equals = assignment.indexOf('=');
                if (equals > 0 && equals == assignment.length() - 1) {
                    changes.put(assignment.substring(0, equals).trim(), "");
                    continue;
                }
                try {
                    Map.Entry<String, String> entry = DesiredConfigCodec.parseAssignment(assignment);
                    changes.put(entry.getKey(), entry.getValue());
                } catch (DesiredConfigException e) {
                    throw new UserError(e.getMessage());
                }
            }
            requireKnown(store);
            DesiredConfig config;
            try {
                config = store.desiredConfigs().set(device, changes, clock.instant());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            CollectorEvents.fileIn(dataDirectory.path())
                    .record(
                            SecurityEventCode.CONFIG_CHANGED,
                            device,
                            "desired configuration version " + config.version() + ": " + String.join(" ", assignments));
            out.println("config: device=" + Arguments.printable(device) + " version=" + config.version() + " entries="
                    + config.entries().size());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Show the desired configuration of DEVICE, one key=value line per entry, then",
                "config: device=D state=none|pending|applied|rejected desired_version=N applied_version=N|-",
                "rejected_version=N|- reason=\"...\"|-"
            })
    static final class Show extends DeviceCommand {
        @Override
        int run(StoreFiles store, PrintWriter out) throws UserError, StoreException {
            Optional<ConfigStatus> status = store.desiredConfigs().status(device);
            if (status.isEmpty()) {
                requireKnown(store);
            }
            status.flatMap(ConfigStatus::desired)
                    .ifPresent(d -> d.entries().forEach((key, value) -> out.println(key + "=" + value)));
            out.println(summary(device, status));
            out.flush();
            return 0;
        }

        static String summary(String device, Optional<ConfigStatus> status) {
            String state = status.map(ConfigStatus::state).orElse("none");
            String desired = status.flatMap(ConfigStatus::desired)
                    .map(d -> Long.toString(d.version()))
                    .orElse("-");
            String applied = status.filter(s -> s.applied().isPresent())
                    .map(s -> Long.toString(s.applied().getAsLong()))
                    .orElse("-");
            String rejected = status.filter(s -> s.rejected().isPresent())
                    .map(s -> Long.toString(s.rejected().getAsLong()))
                    .orElse("-");
            String reason = status.flatMap(ConfigStatus::reason)
                    .map(r -> '"' + Arguments.printable(r).replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                    .orElse("-");
            return "config: device=" + Arguments.printable(device) + " state=" + state + " desired_version=" + desired
                    + " applied_version=" + applied + " rejected_version=" + rejected + " reason=" + reason;
        }
    }
}
