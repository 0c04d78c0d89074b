// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Trimming;

/**
 * A register-level Bosch BME280 (datasheet BST-BME280-DS002) for tests and {@code --simulate} runs: chip id 0x60,
 * humidity trimming at 0xA1 and 0xE1..0xE7, ctrl_hum applied by the next ctrl_meas write (DS §5.4.3), t_sb up to
 * 20 ms (DS Table 27). Everything else, and the datasheet rules it records, is {@link SimulatedBmx280}'s.
 */
public final class SimulatedBme280 extends SimulatedBmx280 {
    /**
     * @param clock the time base of conversions; share the driver's {@code FakeSleeper} in tests
     */
    public SimulatedBme280(Bmx280Trimming trimming, Sleeper clock) {
        super(Bmx280Model.BME280, Datasheet.BME280, trimming, clock);
    }

    /** A chip with {@link #REFERENCE_TRIMMING}. */
    public SimulatedBme280(Sleeper clock) {
        this(REFERENCE_TRIMMING, clock);
    }

    /**
     * Conditions that the next conversions measure.
     *
     * @throws IllegalArgumentException outside the chip's operating range: −40..85 °C, 0..100 %RH, 30..110 kPa
     */
    public void setConditions(double celsius, double relativeHumidity, double pascal) {
        useConditions(new Conditions(celsius, relativeHumidity, pascal));
    }

    /** Raw ADC outputs for the next conversions, published as given (no resolution loss). */
    public void setRawAdc(int adcPressure, int adcTemperature, int adcHumidity) {
        if ((adcPressure | adcTemperature) >>> 20 != 0 || adcHumidity >>> 16 != 0) {
            throw new IllegalArgumentException("ADC values are 20, 20 and 16 bits wide");
        }
        useRawAdc(adcPressure, adcTemperature, adcHumidity);
    }
}
