// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.modbus.RegisterMap;
import org.fieldnode.drivers.sensor.modbus.RegisterSpec;

/**
 * The device a {@code fieldnode,modbus-registers} node describes: a slave with exactly the registers of its
 * {@link RegisterMap}, each holding a plausible value of its quantity (the environment's temperature, humidity and
 * pressure; a fixed typical value for the others) encoded with the map's type, word order, scale and offset, so that
 * the driver reads back what was meant. Registers outside the map answer exception 02.
 */
public final class SimulatedMappedSlave extends SimulatedRegisterMapSlave {
    /** What the device measures when the environment does not say. */
    private static final Map<Channel, Double> TYPICAL = Map.ofEntries(
            Map.entry(Channel.SOIL_MOISTURE, 28.0),
            Map.entry(Channel.CONDUCTIVITY, 0.12),
            Map.entry(Channel.WIND_SPEED, 2.5),
            Map.entry(Channel.WATER_LEVEL, 1.2),
            Map.entry(Channel.DISTANCE, 0.8),
            Map.entry(Channel.VOLTAGE, 12.6),
            Map.entry(Channel.CURRENT, 0.4),
            Map.entry(Channel.POWER, 5.0),
            Map.entry(Channel.CO2, 420.0),
            Map.entry(Channel.ILLUMINANCE, 5000.0),
            Map.entry(Channel.MASS, 25.0));

    private final RegisterMap map;
    private final Supplier<Conditions> environment;

    public SimulatedMappedSlave(Sleeper clock, RegisterMap map, Supplier<Conditions> environment) {
        super(clock);
        this.map = Objects.requireNonNull(map, "map");
        this.environment = Objects.requireNonNull(environment, "environment");
        onRequest(0);
    }

    @Override
    protected synchronized void onRequest(long nowNanos) {
        Conditions now = environment.get();
        for (RegisterSpec spec : map.specs()) {
            double value = switch (spec.channel()) {
                case AMBIENT_TEMPERATURE -> now.celsius();
                case RELATIVE_HUMIDITY -> now.relativeHumidity();
                case PRESSURE -> now.pascal();
                default -> TYPICAL.getOrDefault(spec.channel(), 1.0);
            };
            int[] registers = spec.type().encode((value - spec.offset()) / spec.scale(), spec.wordOrder());
            for (int i = 0; i < registers.length; i++) {
                if (spec.function() == 3) {
                    setHolding(spec.register() + i, registers[i]);
                } else {
                    setInput(spec.register() + i, registers[i]);
                }
            }
        }
    }
}
