// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.Profile;

/**
 * The device nodes a profile's real buses open and this machine lacks, told before anything starts: a hardware kit
 * started on a PC (or on a Pi with I2C off) once went into a loop of failed opens and exited 0 (issue 15). I2C and SPI
 * buses need {@code /dev/i2c-N} and {@code /dev/spidevB.C}, which the kernel makes once the interface is enabled; a
 * UART needs its device. 1-Wire and IIO buses are sysfs trees whose sensors come and go, and GPIO lines are found by
 * chip label: their failures show per sensor in {@code status}.
 */
public final class MissingDevices {
    private MissingDevices() {}

    /**
     * One sentence naming what {@code profile}'s real buses need and this machine lacks, with how to get it; empty
     * when nothing is missing.
     */
    public static Optional<String> on(Profile profile) {
        return on(profile, Path.of("/"));
    }

    /** As {@link #on(Profile)}, with the device tree below {@code root} ({@code /} on a real machine). */
    static Optional<String> on(Profile profile, Path root) {
        List<String> missing = new ArrayList<>();
        boolean i2c = false;
        boolean spi = false;
        for (BusConfig bus : profile.buses().values()) {
            if (bus.simulated()) {
                continue;
            }
            Optional<String> device = switch (bus.kind()) {
                case "i2c" -> Optional.of("/dev/i2c-" + bus.number());
                case "spi" -> Optional.of("/dev/spidev" + bus.number() + "." + bus.chipSelect());
                case "uart" -> bus.device().map(Path::toString);
                default -> Optional.empty();
            };
            if (device.isPresent() && !Files.exists(root.resolve(device.get().substring(1)))) {
                missing.add(device.get() + " (bus " + bus.name() + ")");
                i2c |= bus.kind().equals("i2c");
                spi |= bus.kind().equals("spi");
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        List<String> fixes = new ArrayList<>();
        if (i2c) {
            fixes.add(
                    "enable I2C (sudo raspi-config nonint do_i2c 0, or dtparam=i2c_arm=on in config.txt, then reboot)");
        }
        if (spi) {
            fixes.add("enable SPI (sudo raspi-config nonint do_spi 0, or dtparam=spi=on in config.txt, then reboot)");
        }
        fixes.add("on a machine without this hardware, run a simulated profile instead (fieldnode profile list)");
        return Optional.of("this machine has no " + String.join(", no ", missing) + ", which " + profile.source()
                + " needs: " + String.join("; ", fixes));
    }
}
