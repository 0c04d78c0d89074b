// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import org.fieldnode.cli.CommandLines;
import org.fieldnode.cli.HelpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The collector's own entry point, so that its package needs no node runtime: a {@code fieldnode} command tree
 * holding {@code collector} alone, with the exit codes and one-line errors every fieldnode command has ({@link
 * CommandLines}). The packaged {@code fieldnode-collector} launcher runs {@code CollectorMain collector ARGS}; in a
 * source checkout {@code ./fieldnode collector ...} reaches the same {@link CollectorCommand} through the node's
 * {@code fieldnode}, which finds it as a plug-in.
 */
@Command(
        name = "fieldnode",
        mixinStandardHelpOptions = true,
        description = "The fieldnode collector: receives, keeps and shows the readings of a village's nodes.")
public final class CollectorMain implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        CommandLines.exit(commandLine().execute(args));
    }

    /** The tree: {@code fieldnode collector ...}. */
    public static CommandLine commandLine() {
        return CommandLines.withErrorHandling(new CommandLine(new CollectorMain())
                .addSubcommand(new CollectorCommand())
                .addSubcommand(new HelpCommand()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
