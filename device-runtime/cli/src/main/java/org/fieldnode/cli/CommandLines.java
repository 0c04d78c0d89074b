// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

import org.tinylog.provider.ProviderRegistry;
import picocli.CommandLine;

/**
 * Exit codes and one-line errors, the same for every fieldnode command tree (the node's {@code fieldnode} and the
 * collector's own launcher): 0 ok, 1 failure, 2 usage or configuration error, with the one-line errors of {@link
 * CommandErrors}.
 *
 * <p>This module holds only what both command lines need, so the collector's package carries no node runtime and
 * the wire-contract jar no picocli.
 */
public final class CommandLines {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private CommandLines() {}

    /** Sets the exit codes and one-line errors of {@link CommandErrors} on {@code cli} and its subcommands. */
    public static CommandLine withErrorHandling(CommandLine cli) {
        return CommandErrors.install(cli);
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
