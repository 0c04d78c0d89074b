// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Which simulated chip stands in for a profile's {@code compatible}. Immutable; {@link #with} returns an extended
 * copy. The standard catalogue holds {@code bosch,bme280} ({@link SimulatedBme280} measuring an environment) on
 * I2C, and {@link SimulatedDeviceCatalogue#standard the devices on other buses} (UART, 1-Wire, IIO, GPIO), which
 * {@link #withDevice} extends.
 */
public final class SimulatedChips {
    private final Map<String, Function<SensorNode, SimulatedI2cTarget>> makers;
    private final SimulatedDeviceCatalogue devices;

    private SimulatedChips(
            Map<String, Function<SensorNode, SimulatedI2cTarget>> makers, SimulatedDeviceCatalogue devices) {
        this.makers = Map.copyOf(makers);
        this.devices = devices;
    }

    /**
     * The standard catalogue.
     *
     * @param environment what the chips measure, pulled at every conversion, e.g. a {@link DayNightWeather}
     * @param clock the time base of conversions; the {@link Sleeper} the drivers use
     */
    public static SimulatedChips standard(Supplier<Conditions> environment, Sleeper clock) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(clock, "clock");
        SimulatedDeviceCatalogue devices = SimulatedDeviceCatalogue.standard(environment, clock);
        return new SimulatedChips(Map.of(), devices).with("bosch,bme280", node -> {
            SimulatedBme280 chip = new SimulatedBme280(clock);
            chip.setConditionSource(environment);
            return chip;
        });
    }

    /** The standard catalogue measuring a {@link DayNightWeather} on {@code wallClock} and {@code seed}. */
    public static SimulatedChips standard(InstantSource wallClock, Sleeper clock, long seed) {
        return standard(new DayNightWeather(wallClock, seed), clock);
    }

    /** A copy that also (or instead) makes {@code compatible} chips with {@code maker}. */
    public SimulatedChips with(String compatible, Function<SensorNode, SimulatedI2cTarget> maker) {
        Map<String, Function<SensorNode, SimulatedI2cTarget>> extended = new TreeMap<>(makers);
        extended.put(Objects.requireNonNull(compatible, "compatible"), Objects.requireNonNull(maker, "maker"));
        return new SimulatedChips(extended, devices);
    }

    /**
     * A copy that also (or instead) makes {@code compatible} devices on a UART, 1-Wire, IIO or GPIO bus with
     * {@code maker}; the kind of device it returns decides the bus kind (see {@link SimulatedDeviceCatalogue}).
     */
    public SimulatedChips withDevice(String compatible, Function<SensorNode, ? extends SimulatedDevice> maker) {
        return new SimulatedChips(makers, devices.with(compatible, maker));
    }

    /** The compatibles served on buses other than I2C. */
    public Set<String> deviceCompatibles() {
        return devices.compatibles();
    }

    /** The catalogue of devices on buses other than I2C. */
    public SimulatedDeviceCatalogue devices() {
        return devices;
    }

    public Set<String> compatibles() {
        return Set.copyOf(makers.keySet());
    }

    public boolean supports(String compatible) {
        return makers.containsKey(compatible);
    }

    /**
     * A new chip for {@code node}.
     *
     * @throws IllegalArgumentException naming the compatible when the catalogue has no chip for it
     */
    public SimulatedI2cTarget create(SensorNode node) {
        Function<SensorNode, SimulatedI2cTarget> maker = makers.get(node.compatible());
        if (maker == null) {
            throw new IllegalArgumentException("%s: no simulated chip for compatible '%s' (have %s)"
                    .formatted(node.id(), node.compatible(), new TreeMap<>(makers).keySet()));
        }
        return maker.apply(node);
    }
}
