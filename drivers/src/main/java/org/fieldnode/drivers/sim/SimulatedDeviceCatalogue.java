// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.NodeProperties;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.modbus.RegisterMap;

/**
 * Simulated devices on the buses other than I2C, by {@code compatible}. The type a maker returns decides where
 * {@link SimulatedBusProvider#populateDevice} puts it: a {@link SimulatedSerialDevice} on the UART named by the
 * node's bus, a {@link SimulatedDs18b20} on that 1-Wire line, a {@link SimulatedIioDevice} on that IIO bus, a
 * {@link SimulatedGpioLine} at the node's {@code reg} offset of that GPIO chip. Immutable.
 *
 * <p>The standard catalogue: {@code plantower,pms5003}, {@code nova,sds011} and {@code dfrobot,a02yyuw} (starting
 * mid-frame), {@code maxim,ds18b20} (the probe named by property {@code rom}, measuring the environment's
 * temperature), {@code aosong,dht22} and {@code fieldnode,pulse-counter} (pulses at property
 * {@code simulated-hz}, default 0.2 Hz), {@code fieldnode,gpio-contact} (held closed or open by property
 * {@code simulated-closed}, default closed); on Modbus lines {@code comwintop,cwt-soil-thc}, {@code renke,rs-fsjt-n01}
 * and {@code fieldnode,modbus-registers} (a slave with exactly the node's register map).
 */
public final class SimulatedDeviceCatalogue {
    private final Sleeper clock;
    private final Map<String, Function<SensorNode, ? extends SimulatedDevice>> makers;

    private SimulatedDeviceCatalogue(
            Sleeper clock, Map<String, Function<SensorNode, ? extends SimulatedDevice>> makers) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.makers = Map.copyOf(makers);
    }

    /** A catalogue without devices; buses made for it run on {@code clock}. */
    public static SimulatedDeviceCatalogue empty(Sleeper clock) {
        return new SimulatedDeviceCatalogue(clock, Map.of());
    }

    /** The time base of the devices and of the buses they are put on. */
    public Sleeper clock() {
        return clock;
    }

    /** The standard catalogue, measuring {@code environment} on {@code clock}. */
    public static SimulatedDeviceCatalogue standard(Supplier<Conditions> environment, Sleeper clock) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(clock, "clock");
        return empty(clock)
                .with("plantower,pms5003", node -> midFrame(new SimulatedPms5003(clock)))
                .with("nova,sds011", node -> new SimulatedSds011(clock))
                .with("winsen,mh-z19b", node -> new SimulatedMhz19b(clock))
                .with(
                        "avia,hx711",
                        node -> new SimulatedHx711(
                                NodeProperties.decimal(node.properties(), "simulated-kg")
                                        .orElse(42.0),
                                node.properties()))
                .with("dfrobot,a02yyuw", node -> {
                    SimulatedA02yyuw chip = new SimulatedA02yyuw(clock);
                    double mount = NodeProperties.decimal(node.properties(), "mount-height-m")
                            .orElse(2.0);
                    chip.setDistanceMillimetres((int) Math.round(Math.clamp(mount * 1000 * 0.6, 30, 4500)));
                    chip.injectBytes(new byte[] {0x03, (byte) 0xE8});
                    return chip;
                })
                .with(
                        "maxim,ds18b20",
                        node -> new SimulatedDs18b20(
                                serial(node), () -> environment.get().celsius()))
                .with("aosong,dht22", node -> new SimulatedDht22(environment))
                .with("comwintop,cwt-soil-thc", node -> new SimulatedSoilThc(clock, environment))
                .with("renke,rs-fsjt-n01", node -> new SimulatedFsjtN01(clock))
                .with(
                        "fieldnode,modbus-registers",
                        node -> new SimulatedMappedSlave(clock, RegisterMap.parse(node.properties()), environment))
                .with("fieldnode,gpio-contact", node -> {
                    // A contact held at property simulated-closed (default true: a float switch up, a door shut),
                    // at the level the node's active property gives it.
                    SimulatedGpioLine line = new SimulatedGpioLine(clock);
                    boolean closed = Boolean.parseBoolean(node.properties()
                            .getOrDefault("simulated-closed", "true")
                            .trim());
                    line.setLevel(closed
                            == org.fieldnode.drivers.sensor.fieldnode.contact.GpioContactFactory.activeHigh(
                                    node.properties()));
                    return line;
                })
                .with("fieldnode,pulse-counter", node -> {
                    SimulatedGpioLine line = new SimulatedGpioLine(clock);
                    line.setRate(NodeProperties.decimal(node.properties(), "simulated-hz")
                            .orElse(0.2));
                    line.setBounce(2, Duration.ofMillis(1));
                    return line;
                });
    }

    private static SimulatedSerialDevice midFrame(SimulatedPms5003 chip) {
        byte[] frame = chip.dataFrame();
        chip.injectBytes(java.util.Arrays.copyOfRange(frame, 11, frame.length));
        return chip;
    }

    private static long serial(SensorNode node) {
        String rom = node.properties().get("rom");
        if (rom == null) {
            return 0x0000_0000_0001L + Math.abs(node.id().hashCode() % 0xFFFF);
        }
        String id = rom.trim().toLowerCase(java.util.Locale.ROOT);
        if (!id.matches("28-[0-9a-f]{12}")) {
            throw new IllegalArgumentException(
                    "%s: properties.rom: expected a DS18B20 id such as 28-0316a2797eff, got '%s'"
                            .formatted(node.id(), rom));
        }
        return Long.parseLong(id.substring(3), 16);
    }

    /** A copy that also (or instead) makes {@code compatible} devices with {@code maker}. */
    public SimulatedDeviceCatalogue with(String compatible, Function<SensorNode, ? extends SimulatedDevice> maker) {
        Map<String, Function<SensorNode, ? extends SimulatedDevice>> extended = new TreeMap<>(makers);
        extended.put(Objects.requireNonNull(compatible, "compatible"), Objects.requireNonNull(maker, "maker"));
        return new SimulatedDeviceCatalogue(clock, extended);
    }

    public Set<String> compatibles() {
        return Set.copyOf(makers.keySet());
    }

    public boolean supports(String compatible) {
        return makers.containsKey(compatible);
    }

    /** @throws IllegalArgumentException naming the compatible when the catalogue has no device for it */
    public SimulatedDevice create(SensorNode node) {
        Function<SensorNode, ? extends SimulatedDevice> maker = makers.get(node.compatible());
        if (maker == null) {
            throw new IllegalArgumentException("%s: no simulated device for compatible '%s' (have %s)"
                    .formatted(node.id(), node.compatible(), new TreeMap<>(makers).keySet()));
        }
        return maker.apply(node);
    }
}
