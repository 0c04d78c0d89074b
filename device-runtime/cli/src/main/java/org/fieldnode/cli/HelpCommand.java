// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code help [COMMAND [SUBCOMMAND...]]}: the usage of the command it sits under, or of one of its (sub)commands;
 * {@code fieldnode help profile check} prints what {@code fieldnode profile check --help} prints.
 */
@Command(
        name = "help",
        helpCommand = true,
        mixinStandardHelpOptions = true,
        description = "Show how to use a command: 'help COMMAND' is 'COMMAND --help'.")
public final class HelpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command, and a subcommand of it.")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "'" + CommandErrors.prefix(target) + "' has no command '" + name + "'; its commands: "
                                + String.join(", ", target.getSubcommands().keySet()));
            }
            target = sub;
        }
        target.usage(spec.commandLine().getOut(), target.getColorScheme());
        spec.commandLine().getOut().flush();
        return CommandLines.EXIT_OK;
    }
}
