// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.CommandErrors;
import org.fieldnode.runtime.install.Firstboot;
import org.fieldnode.runtime.sampling.DriverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode firstboot}: takes the bundle and profile from the boot partition (see {@link Firstboot}). */
@Command(
        name = "firstboot",
        mixinStandardHelpOptions = true,
        description = {
            "Move the provisioning bundle and the profile choice (node.yaml) from the boot partition into place,",
            "with owner and mode, then delete them there; create the keystore's wrapping key when missing.",
            "Run as root by fieldnode-firstboot.service before the node starts. A bad file is reported and nothing",
            "moves (exit 2); so does a symbolic link at any path it writes: it never follows one (SECURITY R34)."
        })
public final class FirstbootCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--boot-dir",
            paramLabel = "DIR",
            defaultValue = "/boot/firmware/fieldnode",
            description = "Where the integrator copied the files (default: ${DEFAULT-VALUE}).")
    private Path bootDir;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "/var/lib/fieldnode",
            description = "The node's data directory; the bundle goes here (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            defaultValue = "/etc/fieldnode",
            description = "The node's configuration directory; node.yaml goes here (default: ${DEFAULT-VALUE}).")
    private Path configDir;

    @Option(
            names = "--wrapping-key",
            paramLabel = "FILE",
            description = "The keystore's wrapping key, created when missing (default: CONFIG-DIR/wrapping.key).")
    private Path wrappingKey;

    @Option(
            names = "--owner",
            paramLabel = "USER[:GROUP]",
            defaultValue = "fieldnode",
            description = "The service user (and its group, by default of the same name) that owns the bundle, data"
                    + " and wrapping key (default: ${DEFAULT-VALUE}); '-' leaves owners as created.")
    private String owner;

    @Override
    public Integer call() throws Exception {
        Firstboot.Settings settings = new Firstboot.Settings(
                bootDir,
                dataDir,
                configDir,
                wrappingKey != null ? wrappingKey : configDir.resolve("wrapping.key"),
                owner.equals("-") ? Optional.empty() : Optional.of(owner));
        Firstboot.Result result;
        try {
            result = Firstboot.run(settings, DriverRegistry.load().profileLoader());
        } catch (Firstboot.FirstbootException e) {
            PrintWriter err = spec.commandLine().getErr();
            // The located problems as they are, then the last line, which says what happened, as the error line.
            List<String> lines = e.lines();
            lines.subList(0, lines.size() - 1).forEach(err::println);
            err.println(CommandErrors.prefix(spec.commandLine()) + ": " + lines.getLast());
            err.flush();
            return Main.EXIT_USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path p : result.installed()) {
            out.println("installed " + p);
        }
        out.println("firstboot: installed=" + result.installed().size() + " removed_from_boot="
                + result.removed().size() + " wrapping_key=" + (result.wrappingKeyCreated() ? "created" : "present")
                + " boot_dir=" + bootDir);
        out.flush();
        return Main.EXIT_OK;
    }
}
