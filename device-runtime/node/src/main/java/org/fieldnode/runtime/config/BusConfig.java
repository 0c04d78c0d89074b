// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One bus of the board, as {@code buses.<name>} of a profile describes it. Which keys a kind takes:
 *
 * <table>
 *   <caption>Keys per bus kind</caption>
 *   <tr><th>kind</th><th>keys</th><th>default</th></tr>
 *   <tr><td>{@code i2c}</td><td>{@code bus}: N of {@code /dev/i2c-N}</td><td>required unless simulated</td></tr>
 *   <tr><td>{@code spi}</td><td>{@code bus}, {@code chip-select}: {@code /dev/spidevB.C}</td>
 *       <td>bus required unless simulated; chip-select 0</td></tr>
 *   <tr><td>{@code uart}</td><td>{@code device}, e.g. {@code /dev/serial0}</td><td>required unless simulated</td></tr>
 *   <tr><td>{@code onewire}</td><td>{@code root}</td><td>{@code /sys/bus/w1/devices}</td></tr>
 *   <tr><td>{@code iio}</td><td>{@code root}</td><td>{@code /sys/bus/iio/devices}</td></tr>
 *   <tr><td>{@code gpio}</td><td>{@code chip-label}; {@code line}, the default {@code reg} of its sensors</td>
 *       <td>the Raspberry Pi header's labels; none</td></tr>
 *   <tr><td>{@code modbus}</td><td>{@code device}; {@code baud}, {@code parity}, {@code stop-bits}, {@code timeout},
 *       {@code retries}, {@code de-line}, {@code de-bus} ({@link ModbusBusConfig})</td>
 *       <td>device required unless simulated; 9600 8N1, 500ms, 2 retries, automatic direction</td></tr>
 * </table>
 *
 * Every kind takes {@code simulated: true} to serve the bus and its devices from simulators.
 *
 * @param name the profile's name for it, e.g. {@code i2c1}
 * @param kind {@code i2c}, {@code spi}, {@code uart}, {@code onewire}, {@code iio}, {@code gpio} or {@code modbus}
 * @param number the Linux bus number of an I2C or SPI bus; 0 when simulated or another kind
 * @param simulated true to serve the bus and its chips from simulators (no hardware needed)
 * @param chipSelect the SPI chip select
 * @param device the serial device of a UART
 * @param root the sysfs directory of a 1-Wire or IIO bus
 * @param chipLabels the gpiochip labels to look for, in order; empty for the Raspberry Pi defaults
 * @param line the default line offset of a GPIO bus's sensors
 * @param modbus the line settings of a Modbus bus; empty for other kinds
 */
public record BusConfig(
        String name,
        String kind,
        int number,
        boolean simulated,
        int chipSelect,
        Optional<Path> device,
        Optional<Path> root,
        List<String> chipLabels,
        OptionalInt line,
        Optional<ModbusBusConfig> modbus) {
    /** Where the kernel lists 1-Wire slaves. */
    public static final Path DEFAULT_W1_ROOT = Path.of("/sys/bus/w1/devices");

    /** Where the kernel lists IIO devices. */
    public static final Path DEFAULT_IIO_ROOT = Path.of("/sys/bus/iio/devices");

    public BusConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(root, "root");
        chipLabels = List.copyOf(chipLabels);
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(modbus, "modbus");
    }

    /** An I2C-style bus with a number and nothing else. */
    public BusConfig(String name, String kind, int number, boolean simulated) {
        this(
                name,
                kind,
                number,
                simulated,
                0,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                OptionalInt.empty(),
                Optional.empty());
    }
}
