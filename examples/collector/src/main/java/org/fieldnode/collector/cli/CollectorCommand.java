// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import org.fieldnode.cli.FieldnodeSubcommand;
import org.fieldnode.cli.HelpCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fieldnode collector}: the pilot's server and its tools. Alone, it prints its usage. */
@Command(
        name = "collector",
        mixinStandardHelpOptions = true,
        description = {
            "The collector: receives, keeps and shows the readings of a village's nodes.",
            "Its data directory holds collector.db (SQLite), enrolment.db and ca/ (enrolled nodes), and, for",
            "development nodes, psk-directory (collector psk add writes it).",
            "'fieldnode collector help COMMAND' is 'fieldnode collector COMMAND --help'."
        },
        subcommands = {
            ServeCommand.class,
            ExportCommand.class,
            DevicesCommand.class,
            EnrolmentCommand.class,
            ConfigCommand.class,
            PskCommand.class,
            UpdateCommand.class,
            LoadtestCommand.class,
            MigrateCommand.class,
            HelpCommand.class
        })
public final class CollectorCommand implements Runnable, FieldnodeSubcommand {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
