// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.CommandErrors;
import org.fieldnode.cli.UserError;
import org.fieldnode.protocol.Suggestions;
import org.fieldnode.runtime.config.Boards;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.runtime.sampling.DriverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fieldnode profile check|list|show}: hardware profiles without starting a node. */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = "Check, list and show hardware profiles (kits, overlays, boards).",
        subcommands = {ProfileCommand.Check.class, ProfileCommand.ListProfiles.class, ProfileCommand.Show.class})
public final class ProfileCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code fieldnode profile check FILE…}: loads each profile as {@code run} would and prints every problem as
     * {@code FILE:LINE:COLUMN: key.path: what was expected}; exit 2 when any has one.
     */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Check profiles as 'run' would, without starting anything: keys, drivers, units, buses and the",
                "board's pins. Prints 'profile: ok sensors=N ...' per good profile; problems as",
                "FILE:LINE:COLUMN: key.path: what was expected. Exit 0 when all are good, 2 otherwise."
            })
    static final class Check implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(
                arity = "1..*",
                paramLabel = "PROFILE",
                description = "Profile files (kits or overlays), or names of built-in profiles.")
        private List<String> profiles;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ProfileLoader loader = DriverRegistry.load().profileLoader();
            int bad = 0;
            for (String name : profiles) {
                try {
                    Profile p = loader.load(name);
                    out.println("profile: ok sensors=" + p.sensors().size() + " enabled="
                            + p.enabledSensors().size() + " board=" + p.board() + " source=" + p.source());
                } catch (ProfileException e) {
                    bad++;
                    e.problems().stream().map(ProfileProblem::toString).forEach(err::println);
                    err.println(CommandErrors.prefix(spec.commandLine()) + ": "
                            + e.problems().size() + " problem(s) in " + name);
                }
            }
            out.flush();
            err.flush();
            return bad == 0 ? Main.EXIT_OK : Main.EXIT_USAGE;
        }
    }

    /** {@code fieldnode profile list}: the built-in profiles and boards. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in profiles and boards.")
    static final class ListProfiles implements Runnable {
        @Spec
        private CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            ProfileLoader.builtInProfiles().forEach(p -> out.println("profile " + p));
            Boards.onClassPath()
                    .all()
                    .forEach(b -> out.println("board " + b.compatible() + " model=\"" + b.model() + "\" ram_mib="
                            + b.ramMib() + " gpiochip=" + b.gpioChipLabel()));
            out.flush();
        }
    }

    /** The file name ({@code rpi-4b}) of the shipped board whose compatible is {@code compatible}, if one is. */
    static Optional<String> boardFile(String compatible) throws IOException {
        if (!compatible.contains(",")) {
            return Optional.empty();
        }
        for (String file : Boards.index()) {
            try (InputStream in =
                    ProfileCommand.class.getClassLoader().getResourceAsStream("boards/" + file + ".yaml")) {
                if (in != null
                        && Boards.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8))
                                .compatible()
                                .equals(compatible)) {
                    return Optional.of(file);
                }
            } catch (ProfileException e) {
                // a broken shipped board file is the packaging tests' to find; it names no board here
            }
        }
        return Optional.empty();
    }

    /** {@code fieldnode profile show NAME}: the text of a built-in profile, to copy and change. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "Print a built-in profile (or a board: board/NAME or its compatible, e.g. raspberrypi,4b) as shipped.")
    static final class Show implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A built-in profile, e.g. weather-station, or board/rpi-4b.")
        private String name;

        @Override
        public Integer call() throws IOException, UserError {
            boolean board = name.startsWith("board/");
            String resource =
                    board ? "boards/" + name.substring("board/".length()) + ".yaml" : "profiles/" + name + ".yaml";
            // A board by its compatible, as profile list prints it and kits name it (board: raspberrypi,4b).
            Optional<String> file = boardFile(name);
            if (file.isPresent()) {
                board = true;
                resource = "boards/" + file.get() + ".yaml";
            }
            try (InputStream in = ProfileCommand.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    List<String> known = board
                            ? Boards.index().stream().map(b -> "board/" + b).toList()
                            : ProfileLoader.builtInProfiles();
                    throw new UserError("no built-in profile '" + name + "'" + Suggestions.hint(name, known)
                            + " (have: " + String.join(", ", known) + ")");
                }
                PrintWriter out = spec.commandLine().getOut();
                out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                out.flush();
            }
            return Main.EXIT_OK;
        }
    }
}
