// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.NodeBinding;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Checks each sensor against its bus and its driver as the list is read, so that a sensor that cannot work is a
 * located problem of {@code profile check} and {@code run} rather than a re-open loop at run time:
 *
 * <ul>
 *   <li>one device per address: two enabled sensors at one I2C address of one bus, two on one GPIO line of one bus,
 *       two on one UART or SPI bus (a profile's SPI bus is one chip select), or two reading one 1-Wire probe ({@code
 *       properties.rom}); also when two of the profile's buses name the same Linux bus;
 *   <li>the bus kind its driver works on ({@link DriverDeclaration#busKinds()}): a BME280 on a UART is refused with
 *       the kinds it takes;
 *   <li>the address its part answers at ({@link DriverDeclaration#addresses()}): a BME280 at 0x48 is refused naming
 *       0x76 or 0x77, the addresses its SDO pin selects.
 * </ul>
 *
 * The driver checks apply to disabled sensors too: {@code status: disabled} is how a kit keeps a part for later, and
 * an overlay that enables it should not be the first to learn it was wrong.
 */
final class SensorBusCheck {
    /** Kinds of bus that carry one device each: a UART port, an SPI chip select. */
    private static final Set<String> WHOLE_BUS_KINDS = Set.of("uart", "spi");

    /**
     * One sensor entry as read so far.
     *
     * @param map the entry, where problems point
     * @param path {@code sensors[i]}, how other entries' messages name it
     * @param compatible null when missing
     * @param bus the name it gives, null when missing
     * @param busConfig the bus of that name, null when there is none
     * @param address its {@code reg} as its bus reads it; negative after a problem
     */
    record Candidate(
            YamlMap map,
            String path,
            String compatible,
            String bus,
            BusConfig busConfig,
            int address,
            boolean enabled,
            Map<String, String> properties) {}

    private final Map<String, DriverDeclaration> drivers;
    /** The taker of each device of a profile bus: {@code i2c1@118}, or the bus name for one-device buses. */
    private final Map<String, String> takenOnBus = new HashMap<>();
    /** The taker of each device of a Linux bus, with the profile bus it came through: {@code /dev/i2c-1@118}. */
    private final Map<String, Candidate> takenOnDevice = new HashMap<>();

    SensorBusCheck(Map<String, DriverDeclaration> drivers) {
        this.drivers = drivers;
    }

    /** Checks {@code c}, then records the device it takes. */
    void check(Candidate c) {
        if (c.enabled() && c.bus() != null && c.address() >= 0 && !takenOnProfileBus(c)) {
            takenOnLinuxBus(c);
        }
        DriverDeclaration driver = c.compatible() == null ? null : drivers.get(c.compatible());
        BusConfig bus = c.busConfig();
        if (driver == null || bus == null || !BusSection.KIND.allows(bus.kind())) {
            return; // an unknown driver, bus or kind is reported where it is read
        }
        YamlMap s = c.map();
        if (!driver.worksOn(bus.kind())) {
            s.problem(
                    SensorSection.BUS.name(),
                    "%s works on %s buses, not on %s (kind: %s)"
                            .formatted(driver.compatible(), driver.busKindsText(), bus.name(), bus.kind()));
        } else if (bus.kind().equals("i2c") && c.address() >= 0 && !driver.answersAt(c.address())) {
            s.problem(
                    SensorSection.REG.name(),
                    "%s answers at %s, got 0x%02X"
                            .formatted(
                                    driver.compatible(),
                                    NodeBinding.describeAddresses(driver.addresses()),
                                    c.address()));
        }
    }

    /** Two sensors on one device of one profile bus; true when this one was refused. */
    private boolean takenOnProfileBus(Candidate c) {
        BusConfig bus = c.busConfig();
        if (bus != null && bus.kind().equals("onewire")) {
            return takenOnOneWire(c);
        }
        boolean wholeBus = bus != null && WHOLE_BUS_KINDS.contains(bus.kind());
        String key = wholeBus ? c.bus() : c.bus() + "@" + c.address();
        String other = takenOnBus.putIfAbsent(key, c.path());
        if (other == null) {
            return false;
        }
        YamlMap s = c.map();
        if (wholeBus) {
            s.problem(
                    SensorSection.BUS.name(),
                    "%s carries one device, and %s is on it already".formatted(c.bus(), other));
        } else if (bus != null && bus.kind().equals("gpio")) {
            s.problem(
                    s.node(SensorSection.REG.name()) == null ? SensorSection.BUS.name() : SensorSection.REG.name(),
                    "GPIO line %d on %s is already taken by %s".formatted(c.address(), c.bus(), other));
        } else {
            s.problem(
                    SensorSection.REG.name(),
                    "address 0x%02x on %s is already taken by %s".formatted(c.address(), c.bus(), other));
        }
        return true;
    }

    /**
     * A 1-Wire line carries many probes, told apart by their 64-bit ROM ids ({@code properties.rom}), not by {@code
     * reg}: two sensors may share a line, but not a probe. A sensor without {@code rom} reads the line's only probe,
     * so two of those on one line would read the same one.
     */
    private boolean takenOnOneWire(Candidate c) {
        String rom = c.properties().get("rom");
        String key = c.bus() + "#" + (rom == null ? "" : rom.strip().toLowerCase(Locale.ROOT));
        String other = takenOnBus.putIfAbsent(key, c.path());
        if (other == null) {
            return false;
        }
        if (rom != null) {
            reportAtRom(c, "probe %s on %s is already read by %s".formatted(rom.strip(), c.bus(), other));
        } else {
            c.map()
                    .problem(
                            SensorSection.BUS.name(),
                            ("%s reads the only probe of %s without properties.rom, and so does %s: give each sensor"
                                            + " its probe's ROM id, e.g. rom: 28-0316a2797eff")
                                    .formatted(other, c.bus(), c.path()));
        }
        return true;
    }

    /**
     * Two sensors on one device reached through two of the profile's buses: two I2C buses with one number, two SPI
     * buses with one number and chip select, or one 1-Wire probe ({@code properties.rom}, the ROM id the kernel names
     * it by) read twice. Simulated buses are separate by name, so only real ones count.
     */
    private void takenOnLinuxBus(Candidate c) {
        BusConfig bus = c.busConfig();
        if (bus == null || bus.simulated()) {
            return;
        }
        switch (bus.kind()) {
            case "i2c" -> {
                String device = "/dev/i2c-" + bus.number();
                Candidate other = takenOnDevice.putIfAbsent(device + "@" + c.address(), c);
                if (other != null) {
                    c.map()
                            .problem(
                                    SensorSection.REG.name(),
                                    "address 0x%02x on %s is already taken by %s on %s (both are %s)"
                                            .formatted(c.address(), c.bus(), other.path(), other.bus(), device));
                }
            }
            case "spi" -> {
                String device = "/dev/spidev" + bus.number() + "." + bus.chipSelect();
                Candidate other = takenOnDevice.putIfAbsent(device, c);
                if (other != null) {
                    c.map()
                            .problem(
                                    SensorSection.BUS.name(),
                                    "%s carries one device, and %s is on it already through %s (both are %s)"
                                            .formatted(c.bus(), other.path(), other.bus(), device));
                }
            }
            case "onewire" -> {
                String rom = c.properties().get("rom");
                if (rom == null || bus.root().isEmpty()) {
                    return;
                }
                String device = bus.root().get() + "/" + rom.strip().toLowerCase(Locale.ROOT);
                Candidate other = takenOnDevice.putIfAbsent(device, c);
                if (other != null) {
                    reportAtRom(
                            c,
                            "probe %s is already read by %s on %s".formatted(rom.strip(), other.path(), other.bus()));
                }
            }
            default -> {
                // UART, IIO and GPIO devices are one per profile bus or line: checked above and by the board check
            }
        }
    }

    /** A problem at the entry's {@code properties.rom} value. */
    private static void reportAtRom(Candidate c, String message) {
        String path = c.map().child(SensorSection.PROPERTIES.name()) + ".rom";
        Node at = c.map().node(SensorSection.PROPERTIES.name());
        if (at instanceof MappingNode properties) {
            for (NodeTuple t : properties.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("rom")) {
                    at = t.getValueNode();
                }
            }
        }
        c.map().reader().problem(at, path, message);
    }
}
