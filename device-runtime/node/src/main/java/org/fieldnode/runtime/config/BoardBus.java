// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Objects;

/**
 * A bus a board's header can carry, as the board file's {@code buses.<name>} describes it.
 *
 * @param name the board file's name for it, e.g. {@code i2c1}
 * @param kind {@code i2c}, {@code spi}, {@code uart} or {@code onewire}
 * @param number the Linux bus number ({@code /dev/i2c-N}, {@code /dev/spidevN.C}); 0 for other kinds
 * @param device the device node or sysfs directory the kernel makes for it, e.g. {@code /dev/i2c-1}
 * @param lines the GPIO lines it takes while enabled (data, clock; not the chip selects)
 * @param chipSelects for SPI, the GPIO line of chip select 0, 1, …
 * @param enable the {@code config.txt} line that turns it on, e.g. {@code dtparam=i2c_arm=on}
 */
public record BoardBus(
        String name,
        String kind,
        int number,
        String device,
        List<Integer> lines,
        List<Integer> chipSelects,
        String enable) {
    public BoardBus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(device, "device");
        lines = List.copyOf(lines);
        chipSelects = List.copyOf(chipSelects);
        Objects.requireNonNull(enable, "enable");
    }

    /** The lines taken by this bus with chip select {@code chipSelect} (SPI), or by the bus itself (other kinds). */
    public List<Integer> linesWith(int chipSelect) {
        if (chipSelect < 0 || chipSelect >= chipSelects.size()) {
            return lines;
        }
        List<Integer> all = new java.util.ArrayList<>(lines);
        all.add(chipSelects.get(chipSelect));
        return List.copyOf(all);
    }
}
