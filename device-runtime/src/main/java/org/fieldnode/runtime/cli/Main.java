// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.fieldnode.runtime.config.ProfileException;
import org.tinylog.Logger;
import org.tinylog.provider.ProviderRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code fieldnode} command. Exit codes: 0 ok, 1 failure, 2 usage or configuration error. Subcommands of
 * other modules join through {@link FieldnodeSubcommand}.
 */
@Command(
        name = "fieldnode",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Sensor-node runtime: sample sensors, keep every reading, report over CoAP/DTLS.",
        subcommands = {
            RunCommand.class,
            StatusCommand.class,
            VersionCommand.class,
            IdentityCommand.class,
            DriversCommand.class,
            ReplayCommand.class,
            ProbeCommand.class,
            ProfileCommand.class,
            DoctorCommand.class,
            FirstbootCommand.class
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @picocli.CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
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
        for (FieldnodeSubcommand extra : ServiceLoader.load(FieldnodeSubcommand.class)) {
            cli.addSubcommand(extra);
        }
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setExecutionExceptionHandler(Main::handle);
        return cli;
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
