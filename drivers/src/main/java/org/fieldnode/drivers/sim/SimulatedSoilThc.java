// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A ComWinTop CWT-Soil-THC-S soil probe on a Modbus line (the map of {@code SoilThcFactory}): holding registers
 * 0x0000 moisture (0.1 %), 0x0001 temperature (0.1 °C, signed), 0x0002 conductivity (µS/cm), refreshed at every
 * request. Backend face: {@link #setSoil}; by default the soil follows the environment's temperature, damped, at
 * 31.5 % moisture and 1250 µS/cm.
 */
public final class SimulatedSoilThc extends SimulatedRegisterMapSlave {
    private final Supplier<Conditions> environment;
    private Double moisturePercent = 31.5;
    private Double celsius;
    private Double microSiemensPerCm = 1250.0;

    public SimulatedSoilThc(Sleeper clock, Supplier<Conditions> environment) {
        super(clock);
        this.environment = Objects.requireNonNull(environment, "environment");
        onRequest(0);
    }

    /** What the probe measures; a null temperature follows the environment. */
    public synchronized void setSoil(double moisturePercent, Double celsius, double microSiemensPerCm) {
        this.moisturePercent = moisturePercent;
        this.celsius = celsius;
        this.microSiemensPerCm = microSiemensPerCm;
    }

    @Override
    protected synchronized void onRequest(long nowNanos) {
        // Soil 10 cm down swings far less than the air above it.
        double temperature = celsius != null ? celsius : 12 + (environment.get().celsius() - 12) * 0.3;
        setHolding(0x0000, (int) Math.round(moisturePercent * 10));
        setHolding(0x0001, (int) Math.round(temperature * 10));
        setHolding(0x0002, (int) Math.round(microSiemensPerCm));
    }
}
