// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.probe.HostBuses;
import org.fieldnode.runtime.probe.Probe;
import org.fieldnode.runtime.probe.ProbeResult;
import org.fieldnode.runtime.probe.ProfileSnippet;
import org.fieldnode.runtime.sampling.DriverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode probe}: what is connected. Prints YAML ready to paste into a profile (findings as comments) on
 * stdout and one key=value summary line on stderr. See {@link org.fieldnode.runtime.probe.I2cProbe} for exactly what
 * is sent to the chips.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Scan the I2C buses (identifying known chips by their identity registers or commands), list 1-Wire",
            "thermometers and serial ports, and print a profile snippet ready to paste. Writes no chip",
            "configuration: only address probes, register reads and read-only identity commands.",
            "With --simulate, probe a profile's simulated hardware instead."
        })
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--simulate",
            paramLabel = "PROFILE",
            description = "Probe the simulated hardware of this profile (a file or a built-in name).")
    private String simulate;

    @Option(names = "--root", hidden = true, defaultValue = "/", description = "Where /dev and /sys are (tests).")
    private Path root;

    @Override
    public Integer call() throws ProfileException {
        ProbeResult result;
        if (simulate != null) {
            Profile profile = DriverRegistry.load().profileLoader().load(simulate);
            try {
                result = Probe.simulated(profile);
            } catch (IllegalArgumentException e) {
                throw ProfileException.of(profile.source(), e.getMessage());
            }
        } else {
            result = Probe.host(new HostBuses(root));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ProfileSnippet.of(result));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(
                "probe: simulated=%s i2c-buses=%d devices=%d identified=%d w1=%d serial=%d%n",
                result.simulated(),
                result.i2cBuses().size(),
                result.deviceCount(),
                result.identifiedCount(),
                result.oneWire().map(w -> w.thermometers().size()).orElse(0),
                result.serialPorts().size());
        err.flush();
        return Main.EXIT_OK;
    }
}
