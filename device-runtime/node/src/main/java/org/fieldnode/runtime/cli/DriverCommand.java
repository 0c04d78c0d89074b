// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode driver new}: a driver project of one's own, outside this tree. */
@Command(
        name = "driver",
        mixinStandardHelpOptions = true,
        description = "Tools for makers who write drivers.",
        subcommands = DriverCommand.New.class)
public final class DriverCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code fieldnode driver new --compatible VENDOR,PART --bus BUS --dir DIR}. */
    @Command(
            name = "new",
            mixinStandardHelpOptions = true,
            description = {
                "Write a driver project that builds on its own: a Maven wrapper and a pom importing fieldnode-bom, a",
                "driver and its factory, a simulated device shipped as a plug-in, the driver kit's contract test, a",
                "test against the simulator, a simulated profile and a README. Build it with ./mvnw verify in DIR",
                "once this tree's ./mvnw install has published the driver API, the kit and the BOM.",
                "Prints: driver: compatible=... bus=... package=... dir=... files=N"
            })
    static final class New implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(
                names = "--compatible",
                required = true,
                paramLabel = "VENDOR,PART",
                description = "The devicetree-style name profiles bind the driver by, e.g. acme,tmp42.")
        private String compatible;

        @Option(
                names = "--bus",
                required = true,
                paramLabel = "BUS",
                description = "i2c (a register chip), spi (the same chip on SPI or I2C), uart (a sensor streaming"
                        + " checked frames), modbus (a Modbus RTU slave), w1 (a 1-Wire thermometer).")
        private String bus;

        @Option(
                names = "--dir",
                required = true,
                paramLabel = "DIR",
                description = "Where to write the project; must not exist or be empty.")
        private Path dir;

        @Option(
                names = "--package",
                paramLabel = "NAME",
                description = "The Java package (default: org.example.<vendor>.<part>).")
        private String javaPackage;

        @Override
        public Integer call() throws IOException, UserError {
            String pkg;
            try {
                pkg = javaPackage != null ? javaPackage : DriverScaffold.defaultPackage(compatible);
                DriverScaffold.check(new DriverScaffold.Request(compatible, bus, dir, pkg));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            List<Path> files = DriverScaffold.write(new DriverScaffold.Request(compatible, bus, dir, pkg));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "driver: compatible=%s bus=%s package=%s dir=%s files=%d%n",
                    compatible, bus, pkg, dir.toAbsolutePath(), files.size());
            out.printf("next: cd %s && ./mvnw verify   (README.md says the rest)%n", dir);
            out.flush();
            return Main.EXIT_OK;
        }
    }
}
