// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.DurationConverter;
import org.fieldnode.cli.UserError;
import org.fieldnode.runtime.config.Boards;
import org.fieldnode.runtime.install.Doctor;
import org.fieldnode.runtime.install.DoctorCheck;
import org.fieldnode.runtime.sampling.DriverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode doctor}: what is wrong with this node, one line per check, with a fix for each failure. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check this node: Java, board, memory, profile, bus device nodes and their permissions, gpiochip,",
            "time, identity, storage and the collector. One line per check (PASS, FAIL or SKIP) and a fix for",
            "each failure, then 'doctor: passed=N failed=N skipped=N'. Exit 0 when nothing failed, 1 otherwise."
        })
public final class DoctorCommand implements Callable<Integer> {
    static final Path INSTALLED_PROFILE = Path.of("/etc/fieldnode/node.yaml");

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-p", "--profile"},
            paramLabel = "PROFILE",
            description = "The profile to check (default: /etc/fieldnode/node.yaml, the installed node's).")
    private String profile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${FIELDNODE_DATA_DIR:-/var/lib/fieldnode}",
            description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--user",
            paramLabel = "USER",
            defaultValue = "fieldnode",
            description = "The user the node runs as (default: ${DEFAULT-VALUE}).")
    private String user;

    @Option(
            names = "--collector",
            paramLabel = "URI",
            description = "The collector to probe (default: the profile's, or the provisioning bundle's).")
    private URI collector;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long to wait for the collector's answer (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            defaultValue = "/",
            description = "Read proc/, sys/, dev/, run/ and etc/ below DIR instead of / (a mounted SD card, or a"
                    + " test tree).")
    private Path root;

    @Override
    public Integer call() throws UserError {
        if (collector != null && (!"coaps".equals(collector.getScheme()) || collector.getHost() == null)) {
            throw new UserError("--collector must be coaps://HOST[:PORT]/PATH");
        }
        Optional<String> chosen = Optional.of(profile != null ? profile : INSTALLED_PROFILE.toString());
        List<DoctorCheck> checks = Doctor.run(
                new Doctor.Settings(
                        root, chosen, dataDir, user, Optional.ofNullable(collector), timeout, Instant.now()),
                DriverRegistry.load().profileLoader(),
                Boards.onClassPath());
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (DoctorCheck c : checks) {
            out.printf("%-4s %-13s %s%n", c.status(), c.name(), c.detail());
            switch (c.status()) {
                case PASS -> passed++;
                case FAIL -> {
                    failed++;
                    out.printf("     %-13s fix: %s%n", "", c.fix());
                }
                case SKIP -> skipped++;
            }
        }
        out.println("doctor: passed=" + passed + " failed=" + failed + " skipped=" + skipped);
        out.flush();
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
