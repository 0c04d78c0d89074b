// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The profile's {@code buses:} section: one mapping per bus, under the name its sensors give as {@code bus:}. The
 * {@code kind} decides which other keys a bus takes ({@link #KIND_KEYS}); every kind takes {@code simulated}.
 */
final class BusSection {
    static final ProfileKey.Choice KIND = new ProfileKey.Choice(
            "kind",
            List.of("gpio", "i2c", "iio", "onewire", "spi", "uart"),
            null,
            "what the bus is; it decides which of the keys below the bus takes");
    /** Linux numbers buses 0..255 ({@code i2c-dev}); no header has more than a handful. */
    static final ProfileKey.WholeNumber NUMBER = new ProfileKey.WholeNumber(
            "bus",
            0,
            255,
            -1,
            "required unless simulated",
            "i2c, spi: the Linux bus number N of /dev/i2c-N or /dev/spidevN.C");

    static final ProfileKey.WholeNumber CHIP_SELECT = new ProfileKey.WholeNumber(
            "chip-select",
            0,
            255,
            0,
            "0",
            "spi: the chip select C of /dev/spidevN.C; an SPI bus here is one chip select, so it carries one sensor");
    static final ProfileKey.AbsolutePath DEVICE = new ProfileKey.AbsolutePath(
            "device",
            "/dev/serial0",
            "required unless simulated",
            "uart: the serial device; one sensor per port, since a UART has no addresses");
    static final ProfileKey.AbsolutePath ROOT = new ProfileKey.AbsolutePath(
            "root",
            "/sys/bus/w1/devices",
            "/sys/bus/w1/devices (onewire), /sys/bus/iio/devices (iio)",
            "onewire, iio: the sysfs directory where the kernel lists the devices; tests point it at a fake tree");
    static final ProfileKey.Text CHIP_LABEL = ProfileKey.Text.optional(
            "chip-label",
            "gpio: the label of the gpiochip to use (found by label, never by number: the Pi 5 moved the header);"
                    + " default the Raspberry Pi header's");
    /** The line offsets of the Pis' header gpiochips are all below 64 (a line, not a physical pin 1..40). */
    static final ProfileKey.WholeNumber LINE = new ProfileKey.WholeNumber(
            "line",
            0,
            63,
            -1,
            "none",
            "gpio: the line offset its sensors use unless they give their own reg, e.g. one bus per reed switch");

    static final ProfileKey.Flag SIMULATED = new ProfileKey.Flag(
            "simulated", false, "serve the bus and its devices from simulators, so a kit runs on a laptop");

    static final ProfileSection SCHEMA = new ProfileSection(
            "buses.<name>",
            "One bus of the board. Each kind takes kind, simulated and its own keys: i2c bus; spi bus, chip-select;"
                    + " uart device; onewire root; iio root; gpio chip-label, line.",
            List.of(KIND, NUMBER, CHIP_SELECT, DEVICE, ROOT, CHIP_LABEL, LINE, SIMULATED));

    /** The keys each kind takes besides {@code kind} and {@code simulated}; see {@link BusConfig}. */
    static final Map<String, List<ProfileKey<?>>> KIND_KEYS = Map.of(
            "i2c", List.of(NUMBER),
            "spi", List.of(NUMBER, CHIP_SELECT),
            "uart", List.of(DEVICE),
            "onewire", List.of(ROOT),
            "iio", List.of(ROOT),
            "gpio", List.of(CHIP_LABEL, LINE));

    /**
     * The buses read, and the mapping each well-formed one came from, for the board checks that point into it.
     *
     * @param buses by name, in the order written; a bus of an unknown kind is kept (so that its sensors are not also
     *     reported as on an unknown bus) with the kind as written
     * @param maps by name, only buses of a known kind
     */
    record Read(Map<String, BusConfig> buses, Map<String, YamlMap> maps) {}

    private BusSection() {}

    /**
     * Every bus under {@code buses:}. A bus of an unknown kind gets no further check: its keys would only be reported
     * as unknown for a kind the user did not mean.
     */
    static Read read(YamlReader reader, YamlMap top) {
        Map<String, BusConfig> buses = new LinkedHashMap<>();
        Map<String, YamlMap> maps = new LinkedHashMap<>();
        YamlMap busesMap = reader.mapping(ProfileSchema.BUSES.read(top), ProfileSchema.BUSES.name());
        if (busesMap == null) {
            return new Read(buses, maps);
        }
        reader.forEachNamedMapping(busesMap.node(), ProfileSchema.BUSES.name(), (name, bus) -> {
            String kind = KIND.read(bus);
            if (kind == null || !KIND.allows(kind)) {
                buses.put(name, new BusConfig(name, String.valueOf(kind), 0, false)); // checked no further
                return;
            }
            List<String> keys = new ArrayList<>(List.of(KIND.name()));
            KIND_KEYS.get(kind).forEach(k -> keys.add(k.name()));
            keys.add(SIMULATED.name());
            bus.onlyFor("a " + kind + " bus", keys);
            buses.put(name, busConfig(bus, name, kind));
            maps.put(name, bus);
        });
        return new Read(buses, maps);
    }

    /**
     * The bus of a known kind, each kind reading only its own keys. Reads follow the order problems are reported in:
     * {@code simulated} first, because it decides whether the device keys are required.
     */
    private static BusConfig busConfig(YamlMap bus, String name, String kind) {
        boolean simulated = SIMULATED.read(bus);
        return switch (kind) {
            case "i2c" -> new BusConfig(name, kind, busNumber(bus, simulated), simulated);
            case "spi" ->
                new BusConfig(
                        name,
                        kind,
                        busNumber(bus, simulated),
                        simulated,
                        CHIP_SELECT.read(bus),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        OptionalInt.empty());
            case "uart" -> {
                Optional<Path> device = DEVICE.read(bus);
                if (device.isEmpty() && !simulated && bus.node(DEVICE.name()) == null) {
                    bus.problem(DEVICE.name(), "missing; a uart bus needs its serial device, e.g. /dev/serial0");
                }
                yield new BusConfig(
                        name, kind, 0, simulated, 0, device, Optional.empty(), List.of(), OptionalInt.empty());
            }
            case "onewire", "iio" -> {
                Path fallback = kind.equals("onewire") ? BusConfig.DEFAULT_W1_ROOT : BusConfig.DEFAULT_IIO_ROOT;
                Path root = ROOT.read(bus).orElse(fallback);
                yield new BusConfig(
                        name,
                        kind,
                        0,
                        simulated,
                        0,
                        Optional.empty(),
                        Optional.of(root),
                        List.of(),
                        OptionalInt.empty());
            }
            case "gpio" -> {
                String label = CHIP_LABEL.read(bus);
                int line = LINE.read(bus);
                yield new BusConfig(
                        name,
                        kind,
                        0,
                        simulated,
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        label == null ? List.of() : List.of(label),
                        line < 0 ? OptionalInt.empty() : OptionalInt.of(line));
            }
            default -> throw new IllegalStateException("unchecked bus kind " + kind);
        };
    }

    /** A simulated bus needs no number (its simulators are found by the bus's name); a real one does. */
    private static int busNumber(YamlMap bus, boolean simulated) {
        return simulated ? NUMBER.read(bus, 0) : NUMBER.readRequired(bus);
    }
}
