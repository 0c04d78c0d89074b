// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code fieldnode} command reports what went wrong: one line {@code fieldnode COMMAND: what} on stderr
 * ({@code fieldnode collector enrolment issue: --count must be 1..10000, got 0}), no stack trace, and the exit code
 * (0 ok, 1 failure, 2 usage or configuration error). Located problems ({@code FILE:LINE:COLUMN: ...}) come first,
 * one a line, then that one line ({@link ProblemReport}). Commands that catch their own errors print the same
 * prefix: {@link #prefix}. The node's {@code fieldnode} and the collector's launcher share it.
 */
public final class CommandErrors {
    private CommandErrors() {}

    /** Gives {@code cli}'s whole tree this error handling; picocli applies it to the subcommands present now. */
    public static CommandLine install(CommandLine cli) {
        cli.setExitCodeExceptionMapper(CommandErrors::exitCode);
        cli.setExecutionExceptionHandler(CommandErrors::failed);
        cli.setParameterExceptionHandler(CommandErrors::usage);
        cli.setExecutionStrategy(CommandErrors::unknownWordsFirst);
        return cli;
    }

    /**
     * Runs the command, unless help was asked for together with a word no command takes: picocli then prints the
     * help of the last command it knows and exits 0, so {@code fieldnode update --help} looked like a command that
     * exists (issue 15). Such a word is the usage error it is without {@code --help}.
     */
    private static int unknownWordsFirst(ParseResult parsed) {
        ParseResult deepest = parsed;
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        boolean help = deepest.isUsageHelpRequested() || deepest.isVersionHelpRequested();
        if (help && !deepest.unmatched().isEmpty()) {
            CommandLine command = deepest.commandSpec().commandLine();
            String word = deepest.unmatched().get(0);
            String what = command.getSubcommands().isEmpty() ? "unknown argument '" : "unknown command '";
            throw new UnmatchedArgumentException(command, what + word + "'");
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** {@code fieldnode COMMAND [SUBCOMMAND]}: what an error line of {@code command} begins with, before ": ". */
    public static String prefix(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    private static int exitCode(Throwable t) {
        boolean usage = t instanceof ParameterException || t instanceof UserError || t instanceof ProblemReport;
        return usage ? CommandLines.EXIT_USAGE : CommandLines.EXIT_FAILURE;
    }

    /** A mistake in the command line: the sentence, picocli's suggestion if it has one, else where help is. */
    private static int usage(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(prefix(cli) + ": " + e.getMessage());
        Optional<String> deeper = deeperCommand(e);
        if (deeper.isPresent()) {
            err.println("Did you mean: " + deeper.get() + "?");
        } else if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + prefix(cli) + " --help'.");
        }
        err.flush();
        return CommandLines.EXIT_USAGE;
    }

    /**
     * For an unknown command word that names a command one level further down ({@code collector revoke} for
     * {@code collector enrolment revoke}), that command.
     */
    private static Optional<String> deeperCommand(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return Optional.empty();
        }
        String word = unmatched.getUnmatched().get(0);
        return e.getCommandLine().getSubcommands().values().stream()
                .map(sub -> sub.getSubcommands().get(word))
                .filter(Objects::nonNull)
                .map(CommandErrors::prefix)
                .findFirst();
    }

    private static int failed(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof ProblemReport report) {
            report.problemLines().forEach(err::println);
            err.println(prefix(cli) + ": " + report.summary());
            return CommandLines.EXIT_USAGE;
        }
        if (e instanceof UserError) {
            err.println(prefix(cli) + ": " + e.getMessage());
            return CommandLines.EXIT_USAGE;
        }
        Logger.error(e, "{} failed", prefix(cli));
        err.println(prefix(cli) + ": failed: " + e);
        return CommandLines.EXIT_FAILURE;
    }
}
