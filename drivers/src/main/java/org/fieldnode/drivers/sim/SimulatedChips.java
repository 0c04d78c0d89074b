// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Which simulated chip stands in for a profile's {@code compatible}. Immutable; {@link #with} returns an extended
 * copy. The standard catalogue holds {@code bosch,bme280}, {@code bosch,bmp280}, {@code sensirion,sht3x},
 * {@code sensirion,sht4x} and {@code sensirion,scd4x} (an SCD41), all measuring the environment,
 * {@code rohm,bh1750} ({@link SimulatedBh1750} at a fixed 300 lx),
 * {@code ti,ads1115} with fixed input voltages (2.0, 1.5, 1.0 and 0.5 V on AIN0..AIN3), {@code ti,ina219} on a
 * 0.1 Ω shunt carrying 0.85 A at 13.4 V, and {@code maxim,ds3231} fresh from its first power-up (time not yet
 * set, OSF on) counting on the sleeper's clock, all on I2C; and {@link SimulatedDeviceCatalogue#standard the
 * devices on other buses} (UART, 1-Wire, IIO, GPIO), which {@link #withDevice} extends.
 */
public final class SimulatedChips {
    /** What the standard ADS1115 sees on AIN0..AIN3: e.g. a capacitive soil probe in moist soil on AIN0. */
    private static final double[] ADS1115_INPUT_VOLTS = {2.0, 1.5, 1.0, 0.5};

    private final Map<String, Function<SensorNode, SimulatedI2cTarget>> makers;
    private final SimulatedDeviceCatalogue devices;
    private final SimulationContext context;

    private SimulatedChips(
            Map<String, Function<SensorNode, SimulatedI2cTarget>> makers,
            SimulatedDeviceCatalogue devices,
            SimulationContext context) {
        this.makers = Map.copyOf(makers);
        this.devices = devices;
        this.context = context;
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
        return new SimulatedChips(Map.of(), devices, new SimulationContext(clock, environment))
                .with("bosch,bme280", node -> {
                    SimulatedBme280 chip = new SimulatedBme280(clock);
                    chip.setConditionSource(environment);
                    return chip;
                })
                .with("sensirion,sht3x", node -> {
                    SimulatedSht3x chip = new SimulatedSht3x(clock);
                    chip.setConditionSource(environment);
                    return chip;
                })
                .with("sensirion,sht4x", node -> {
                    SimulatedSht4x chip = new SimulatedSht4x(clock);
                    chip.setConditionSource(environment);
                    return chip;
                })
                .with("sensirion,scd4x", node -> {
                    SimulatedScd4x chip = new SimulatedScd4x(SimulatedScd4x.Variant.SCD41, clock);
                    chip.setConditionSource(environment);
                    return chip;
                })
                .with("rohm,bh1750", node -> new SimulatedBh1750(clock))
                .with("bosch,bmp280", node -> {
                    SimulatedBmp280 chip = new SimulatedBmp280(clock);
                    chip.setConditionSource(environment);
                    return chip;
                })
                .with("ti,ads1115", node -> {
                    SimulatedAds1115 chip = new SimulatedAds1115(clock);
                    for (int input = 0; input < 4; input++) {
                        chip.setInputVolts(input, ADS1115_INPUT_VOLTS[input]);
                    }
                    return chip;
                })
                .with("ti,ina219", node -> {
                    SimulatedIna219 chip = new SimulatedIna219(clock);
                    chip.setLoad(13.4, 0.85); // a small solar panel charging a 12 V battery
                    return chip;
                })
                .with("maxim,ds3231", node -> SimulatedDs3231.on(clock))
                .with("aosong,aht20", node -> {
                    SimulatedAht20 chip = new SimulatedAht20(clock);
                    chip.setConditionSource(environment);
                    return chip;
                })
                .with("vishay,veml7700", node -> {
                    SimulatedVeml7700 chip = new SimulatedVeml7700(clock);
                    chip.setIlluminance(12_000); // an overcast day
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
        return new SimulatedChips(extended, devices, context);
    }

    /**
     * A copy that also (or instead) makes {@code compatible} devices on a UART, 1-Wire, IIO or GPIO bus with
     * {@code maker}; the kind of device it returns decides the bus kind (see {@link SimulatedDeviceCatalogue}).
     */
    public SimulatedChips withDevice(String compatible, Function<SensorNode, ? extends SimulatedDevice> maker) {
        return new SimulatedChips(makers, devices.with(compatible, maker), context);
    }

    /**
     * A copy that also makes the devices of every {@link SimulatedDeviceFactory} that {@code loader} finds with
     * {@link ServiceLoader}: the simulators shipped in driver jars. Call it only for a simulated run, with the class
     * loader of the trusted driver jars.
     *
     * @throws IllegalStateException when a plug-in claims a compatible that the catalogue or another plug-in
     *     simulates, or cannot be loaded
     */
    public SimulatedChips withPlugins(ClassLoader loader) {
        SimulatedChips extended = this;
        try {
            for (SimulatedDeviceFactory factory : ServiceLoader.load(SimulatedDeviceFactory.class, loader)) {
                for (String compatible : factory.compatible()) {
                    if (extended.supports(compatible) || extended.devices.supports(compatible)) {
                        throw new IllegalStateException("the simulator %s claims '%s', which is simulated already"
                                .formatted(factory.getClass().getName(), compatible));
                    }
                    extended = extended.withDevice(compatible, node -> factory.create(node, context));
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a simulator plug-in cannot be loaded: " + e.getMessage(), e);
        }
        return extended;
    }

    /** The clock and environment the catalogue's devices (and plug-ins') run on. */
    public SimulationContext context() {
        return context;
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
