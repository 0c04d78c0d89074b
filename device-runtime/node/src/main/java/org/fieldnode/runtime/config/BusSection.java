// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.UartSettings;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.protocol.Suggestions;

/**
 * The profile's {@code buses:} section: one mapping per bus, under the name its sensors give as {@code bus:}. The
 * {@code kind} decides which other keys a bus takes ({@link #KIND_KEYS}); every kind takes {@code simulated}.
 */
final class BusSection {
    static final ProfileKey.Choice KIND = new ProfileKey.Choice(
            "kind",
            List.of("gpio", "i2c", "iio", "modbus", "onewire", "spi", "uart"),
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
            "uart: the serial device; one sensor per port, since a UART has no addresses; modbus: the serial device"
                    + " of the RS-485 adapter, e.g. /dev/ttyUSB0");
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

    /** Modbus RTU line settings ("Modbus over Serial Line V1.02" §2.5.1); probes ship 4800 or 9600 baud, 8N1. */
    static final ProfileKey.WholeNumber BAUD = new ProfileKey.WholeNumber(
            "baud", 300, 921_600, ModbusSettings.DEFAULTS.line().baud(), "9600", "modbus: the line's baud rate");

    static final ProfileKey.Choice PARITY = new ProfileKey.Choice(
            "parity", List.of("none", "even", "odd"), "none", "modbus: the line's parity (8 data bits)");
    static final ProfileKey.WholeNumber STOP_BITS =
            new ProfileKey.WholeNumber("stop-bits", 1, 2, 1, "1", "modbus: the line's stop bits");
    static final ProfileKey.Span TIMEOUT = new ProfileKey.Span(
            "timeout",
            Duration.ofMillis(10),
            Duration.ofSeconds(10),
            ModbusSettings.DEFAULTS.responseTimeout(),
            "modbus: how long the master waits for a slave's complete answer");
    static final ProfileKey.WholeNumber RETRIES = new ProfileKey.WholeNumber(
            "retries",
            0,
            5,
            ModbusSettings.DEFAULTS.retries(),
            "2",
            "modbus: how often a request is sent again after silence or a garbled answer (never after an exception"
                    + " response)");
    static final ProfileKey.WholeNumber DE_LINE = new ProfileKey.WholeNumber(
            "de-line",
            0,
            63,
            -1,
            "none: the adapter or the UART's RS-485 mode switches direction",
            "modbus: the GPIO line offset driving the transceiver's DE and /RE, high while the node sends");
    static final ProfileKey.Text DE_BUS = ProfileKey.Text.optional(
            "de-bus", "modbus: the gpio bus of de-line, by its name under buses; default the profile's only one");

    static final ProfileKey.Flag SIMULATED = new ProfileKey.Flag(
            "simulated", false, "serve the bus and its devices from simulators, so a kit runs on a laptop");

    static final ProfileSection SCHEMA = new ProfileSection(
            "buses.<name>",
            "One bus of the board. Each kind takes kind, simulated and its own keys: i2c bus; spi bus, chip-select;"
                    + " uart device; onewire root; iio root; gpio chip-label, line; modbus device, baud, parity,"
                    + " stop-bits, timeout, retries, de-line, de-bus.",
            List.of(
                    KIND,
                    NUMBER,
                    CHIP_SELECT,
                    DEVICE,
                    ROOT,
                    CHIP_LABEL,
                    LINE,
                    BAUD,
                    PARITY,
                    STOP_BITS,
                    TIMEOUT,
                    RETRIES,
                    DE_LINE,
                    DE_BUS,
                    SIMULATED));

    /** The keys each kind takes besides {@code kind} and {@code simulated}; see {@link BusConfig}. */
    static final Map<String, List<ProfileKey<?>>> KIND_KEYS = Map.of(
            "i2c", List.of(NUMBER),
            "spi", List.of(NUMBER, CHIP_SELECT),
            "uart", List.of(DEVICE),
            "onewire", List.of(ROOT),
            "iio", List.of(ROOT),
            "gpio", List.of(CHIP_LABEL, LINE),
            "modbus", List.of(DEVICE, BAUD, PARITY, STOP_BITS, TIMEOUT, RETRIES, DE_LINE, DE_BUS));

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
        checkDriverEnableLines(buses, maps);
        return new Read(buses, maps);
    }

    /** A Modbus bus's {@code de-line} is on a {@code gpio} bus of the profile: {@code de-bus}, or the only one. */
    private static void checkDriverEnableLines(Map<String, BusConfig> buses, Map<String, YamlMap> maps) {
        List<String> gpio = buses.values().stream()
                .filter(b -> b.kind().equals("gpio"))
                .map(BusConfig::name)
                .toList();
        for (BusConfig bus : buses.values()) {
            if (bus.modbus().isEmpty() || bus.modbus().get().driverEnableLine().isEmpty()) {
                continue;
            }
            YamlMap map = maps.get(bus.name());
            Optional<String> named = bus.modbus().get().driverEnableBus();
            if (named.isPresent() && !gpio.contains(named.get())) {
                map.problem(
                        DE_BUS.name(),
                        "no gpio bus '" + named.get() + "' under buses" + Suggestions.hint(named.get(), gpio)
                                + " (gpio buses: " + (gpio.isEmpty() ? "none" : String.join(", ", gpio)) + ")");
            } else if (named.isEmpty() && gpio.size() != 1) {
                map.problem(
                        DE_LINE.name(),
                        gpio.isEmpty()
                                ? "the DE/RE line needs a gpio bus under buses, e.g. gpio: { kind: gpio }"
                                : "name the gpio bus of the DE/RE line with de-bus (one of " + String.join(", ", gpio)
                                        + ")");
            }
        }
    }

    /** The line settings of a {@code modbus} bus ({@link ModbusBusConfig}). */
    private static ModbusBusConfig modbusLine(YamlMap bus) {
        int baud = BAUD.read(bus);
        UartSettings.Parity parity = switch (PARITY.read(bus)) {
            case "even" -> UartSettings.Parity.EVEN;
            case "odd" -> UartSettings.Parity.ODD;
            default -> UartSettings.Parity.NONE; // none, or a wrong word (reported)
        };
        int stopBits = STOP_BITS.read(bus);
        Duration timeout = TIMEOUT.read(bus);
        int retries = RETRIES.read(bus);
        int line = DE_LINE.read(bus);
        String deBus = DE_BUS.read(bus);
        if (deBus != null && line < 0 && bus.node(DE_LINE.name()) == null) {
            bus.problem(DE_BUS.name(), "de-bus names where de-line is: give de-line too, or drop de-bus");
        }
        return new ModbusBusConfig(
                new ModbusSettings(new UartSettings(baud, 8, parity, stopBits), timeout, retries),
                line < 0 ? OptionalInt.empty() : OptionalInt.of(line),
                Optional.ofNullable(deBus));
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
                        OptionalInt.empty(),
                        Optional.empty());
            case "uart" ->
                serialBus(
                        bus,
                        name,
                        kind,
                        simulated,
                        "missing; a uart bus needs its serial device, e.g. /dev/serial0",
                        Optional::empty);
            case "modbus" ->
                serialBus(
                        bus,
                        name,
                        kind,
                        simulated,
                        "missing; a modbus bus needs the serial device of its RS-485 adapter, e.g. /dev/ttyUSB0 or"
                                + " /dev/serial0",
                        () -> Optional.of(modbusLine(bus)));
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
                        OptionalInt.empty(),
                        Optional.empty());
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
                        line < 0 ? OptionalInt.empty() : OptionalInt.of(line),
                        Optional.empty());
            }
            default -> throw new IllegalStateException("unchecked bus kind " + kind);
        };
    }

    /**
     * A bus on a serial {@code device}, required unless simulated ({@code missing} says what to give), then what its
     * kind adds ({@code modbus}, read after the device, in the order of the schema).
     */
    private static BusConfig serialBus(
            YamlMap bus,
            String name,
            String kind,
            boolean simulated,
            String missing,
            Supplier<Optional<ModbusBusConfig>> modbus) {
        Optional<Path> device = DEVICE.read(bus);
        if (device.isEmpty() && !simulated && bus.node(DEVICE.name()) == null) {
            bus.problem(DEVICE.name(), missing);
        }
        return new BusConfig(
                name, kind, 0, simulated, 0, device, Optional.empty(), List.of(), OptionalInt.empty(), modbus.get());
    }

    /** A simulated bus needs no number (its simulators are found by the bus's name); a real one does. */
    private static int busNumber(YamlMap bus, boolean simulated) {
        return simulated ? NUMBER.read(bus, 0) : NUMBER.readRequired(bus);
    }
}
