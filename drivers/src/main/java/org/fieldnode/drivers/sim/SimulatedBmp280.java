// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Trimming;

/**
 * A register-level Bosch BMP280 (datasheet BST-BMP280-DS001) for tests and {@code --simulate} runs: chip id 0x58,
 * trimming at 0x88..0x9F only (DS Table 17), t_sb up to 4 s (DS Table 11), and any use of the BME280's humidity
 * registers recorded as a violation, as they are reserved here. Everything else is {@link SimulatedBmx280}'s.
 * Temperature and pressure trimming are the same on both parts, so this chip takes a {@link Bmx280Trimming} and
 * ignores its humidity parameters.
 */
public final class SimulatedBmp280 extends SimulatedBmx280 {
    public SimulatedBmp280(Bmx280Trimming trimming, Sleeper clock) {
        super(Bmx280Model.BMP280, Datasheet.BMP280, trimming, clock);
    }

    /** A chip with the datasheet's worked-example trimming ({@link #REFERENCE_TRIMMING}). */
    public SimulatedBmp280(Sleeper clock) {
        this(REFERENCE_TRIMMING, clock);
    }

    /**
     * Conditions that the next conversions measure.
     *
     * @throws IllegalArgumentException outside the operating range −40..85 °C, 30..110 kPa (DS §1, Table 1)
     */
    public void setConditions(double celsius, double pascal) {
        useConditions(new Conditions(celsius, POWER_ON_CONDITIONS.relativeHumidity(), pascal));
    }

    /** Raw 20-bit ADC outputs for the next conversions, published as given. */
    public void setRawAdc(int adcPressure, int adcTemperature) {
        if ((adcPressure | adcTemperature) >>> 20 != 0) {
            throw new IllegalArgumentException("ADC values are 20 bits wide");
        }
        useRawAdc(adcPressure, adcTemperature, Bmx280Registers.ADC_16_BIT_SKIPPED);
    }
}
