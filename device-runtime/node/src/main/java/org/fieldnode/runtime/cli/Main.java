// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.fieldnode.cli.CommandErrors;
import org.fieldnode.cli.CommandLines;
import org.fieldnode.cli.FieldnodeSubcommand;
import org.fieldnode.cli.HelpCommand;
import org.fieldnode.runtime.report.coap.DtlsWarmUp;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fieldnode} command. Exit codes: 0 ok, 1 failure, 2 usage or configuration error; every error is one
 * line {@code fieldnode COMMAND: what} ({@link CommandErrors}). Subcommands of other modules join through {@link
 * FieldnodeSubcommand}; {@code fieldnode help [COMMAND]} is {@code [COMMAND] --help} ({@link HelpCommand}).
 *
 * <p>{@link #main} builds picocli's model of the one subcommand it runs, not of all of them: a node starting
 * {@code fieldnode run} at boot skips the reflection over every other command (about a tenth of a second on a
 * Pi-class CPU; BENCHMARKS.md). Anything else ({@code --help}, a typo) gets the whole tree.
 */
@Command(
        name = "fieldnode",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Sensor-node runtime: sample sensors, keep every reading, report over CoAP/DTLS.")
public final class Main implements Runnable {
    public static final int EXIT_OK = CommandLines.EXIT_OK;
    public static final int EXIT_FAILURE = CommandLines.EXIT_FAILURE;
    public static final int EXIT_USAGE = CommandLines.EXIT_USAGE;

    @picocli.CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The runtime's own subcommands, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class,
            StatusCommand.class,
            VersionCommand.class,
            IdentityCommand.class,
            DriversCommand.class,
            DriverCommand.class,
            ReplayCommand.class,
            ProbeCommand.class,
            ProfileCommand.class,
            DoctorCommand.class,
            UpdateCommand.class,
            FirstbootCommand.class);

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("run")) {
            // Before picocli: the DTLS stack's one-time start-up then overlaps everything up to the first report.
            DtlsWarmUp.startInBackground();
        }
        CommandLines.exit(commandLine(command).execute(args));
    }

    /** The whole command tree, with every subcommand found on the class path. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        COMMANDS.forEach(cli::addSubcommand);
        for (FieldnodeSubcommand extra : ServiceLoader.load(FieldnodeSubcommand.class)) {
            cli.addSubcommand(extra);
        }
        cli.addSubcommand(new HelpCommand()); // needs the whole tree: never the only command built
        return withHandlers(cli);
    }

    /** The tree with only subcommand {@code name} when there is one by that name, else the whole tree. */
    static CommandLine commandLine(String name) {
        Optional<Object> only = COMMANDS.stream()
                .filter(type -> commandName(type).equals(name))
                .<Object>map(type -> type)
                .findFirst()
                .or(() -> ServiceLoader.load(FieldnodeSubcommand.class).stream()
                        .filter(provider -> commandName(provider.type()).equals(name))
                        .<Object>map(ServiceLoader.Provider::get)
                        .findFirst());
        if (only.isEmpty()) {
            return commandLine();
        }
        return withHandlers(new CommandLine(new Main()).addSubcommand(only.get()));
    }

    /** Exit codes and error handling for the whole tree ({@link CommandErrors}). */
    private static CommandLine withHandlers(CommandLine cli) {
        return CommandErrors.install(cli);
    }

    /** The name in a command class's {@code @Command}, read without building picocli's model of it. */
    private static String commandName(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        return command == null ? "" : command.name();
    }

    @Override
    public void run() {
        // "fieldnode" alone: show what it can do.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Feeds {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fieldnode " + VersionCommand.version()};
        }
    }
}
