// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.report.coap.DtlsWarmUp;
import org.tinylog.Logger;
import org.tinylog.provider.ProviderRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code fieldnode} command. Exit codes: 0 ok, 1 failure, 2 usage or configuration error. Subcommands of
 * other modules join through {@link FieldnodeSubcommand}.
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
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

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
            FirstbootCommand.class);

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("run")) {
            // Before picocli: the DTLS stack's one-time start-up then overlaps everything up to the first report.
            DtlsWarmUp.startInBackground();
        }
        int code = commandLine(command).execute(args);
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(code);
    }

    /** The whole command tree, with every subcommand found on the class path. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        COMMANDS.forEach(cli::addSubcommand);
        for (FieldnodeSubcommand extra : ServiceLoader.load(FieldnodeSubcommand.class)) {
            cli.addSubcommand(extra);
        }
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

    /** Exit codes and error handling for the whole tree: picocli applies them to the subcommands present now. */
    private static CommandLine withHandlers(CommandLine cli) {
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setExecutionExceptionHandler(Main::handle);
        return cli;
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

    private static int exitCode(Throwable t) {
        boolean usage =
                t instanceof CommandLine.ParameterException || t instanceof UserError || t instanceof ProfileException;
        return usage ? EXIT_USAGE : EXIT_FAILURE;
    }

    private static int handle(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof ProfileException pe) {
            pe.problems().forEach(err::println);
            err.println(cli.getCommandName() + ": the profile has "
                    + pe.problems().size() + " problem(s); nothing was started");
            return EXIT_USAGE;
        }
        if (e instanceof UserError) {
            err.println("fieldnode " + cli.getCommandName() + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        Logger.error(e, "fieldnode {} failed", cli.getCommandName());
        err.println("fieldnode " + cli.getCommandName() + ": failed: " + e);
        return EXIT_FAILURE;
    }

    /** Feeds {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fieldnode " + VersionCommand.version()};
        }
    }
}
