// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

import java.io.PrintWriter;
import org.tinylog.Logger;
import org.tinylog.provider.ProviderRegistry;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Exit codes and one-line errors, the same for every fieldnode command tree (the node's {@code fieldnode} and the
 * collector's own launcher): 0 ok, 1 failure, 2 usage or configuration error. A {@link UserError} or a bad option
 * prints {@code fieldnode <command>: <message>} (picocli's own text for options) and exits 2, with no stack trace;
 * anything else is logged with its stack trace and printed as {@code fieldnode <command>: failed: <exception>}, exit
 * 1.
 *
 * <p>This module holds only what both command lines need, so the collector's package carries no node runtime and
 * the wire-contract jar no picocli.
 */
public final class CommandLines {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private CommandLines() {}

    /** Sets the exit codes and error printing above on {@code cli}; picocli applies them to its subcommands. */
    public static CommandLine withErrorHandling(CommandLine cli) {
        cli.setExitCodeExceptionMapper(CommandLines::exitCode);
        cli.setExecutionExceptionHandler(CommandLines::handle);
        return cli;
    }

    /** 2 for a bad option or a {@link UserError}, 1 for anything else. */
    public static int exitCode(Throwable t) {
        boolean usage = t instanceof CommandLine.ParameterException || t instanceof UserError;
        return usage ? EXIT_USAGE : EXIT_FAILURE;
    }

    /** Prints {@code e} as one line on the command's error writer and gives the exit code. */
    public static int handle(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof UserError) {
            err.println("fieldnode " + cli.getCommandName() + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        Logger.error(e, "fieldnode {} failed", cli.getCommandName());
        err.println("fieldnode " + cli.getCommandName() + ": failed: " + e);
        return EXIT_FAILURE;
    }

    /** Ends the process with {@code code} once the log is written out (tinylog writes on its own thread). */
    public static void exit(int code) {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(code);
    }
}
