// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CONFIG_FILTER_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CTRL_MEAS_OSRS_P_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CTRL_MEAS_OSRS_T_SHIFT;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;

/**
 * How a BME280 or BMP280 measures, oversampling per channel and the IIR filter, and what follows from it: the
 * control register values and the measurement times. {@code Bme280Settings} and {@code Bmp280Settings} read it from
 * a profile node's properties.
 */
public interface Bmx280Settings {
    Oversampling temperatureOversampling();

    Oversampling pressureOversampling();

    /** {@link Oversampling#SKIPPED} on a part without a humidity sensor. */
    Oversampling humidityOversampling();

    IirFilter filter();

    /** The channels a fetch produces with these settings: skipped channels are absent. */
    default Set<Channel> channels() {
        Set<Channel> channels = EnumSet.of(Channel.AMBIENT_TEMPERATURE);
        if (pressureOversampling() != Oversampling.SKIPPED) {
            channels.add(Channel.PRESSURE);
        }
        if (humidityOversampling() != Oversampling.SKIPPED) {
            channels.add(Channel.RELATIVE_HUMIDITY);
        }
        return channels;
    }

    /** Value for ctrl_hum (BME280 DS §5.4.3). */
    default int ctrlHum() {
        return humidityOversampling().bits();
    }

    /** Value for ctrl_meas with the given mode bits (BME280 DS §5.4.5, BMP280 DS §4.3.4). */
    default int ctrlMeas(int mode) {
        return temperatureOversampling().bits() << CTRL_MEAS_OSRS_T_SHIFT
                | pressureOversampling().bits() << CTRL_MEAS_OSRS_P_SHIFT
                | mode;
    }

    /** Value for config: t_sb 0 (unused in forced mode), the filter, SPI 3-wire off (BME280 DS §5.4.6, BMP280 DS §4.3.5). */
    default int config() {
        return filter().bits() << CONFIG_FILTER_SHIFT;
    }

    /**
     * Typical measurement time: 1 + 2·osrs_t + (2·osrs_p + 0.5) + (2·osrs_h + 0.5) ms, where a skipped channel
     * contributes nothing (BME280 DS §9.1; BMP280 DS §3.8.1, Table 13: 5.5 ms for x1/x1, 37.5 ms for x2/x16).
     */
    default Duration typicalMeasurementTime() {
        return measurementTime(1000, 2000, 500);
    }

    /**
     * Maximum measurement time: 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) + (2.3·osrs_h + 0.575) ms (same sections;
     * BMP280 Table 13: 6.4 and 43.2 ms).
     */
    default Duration maxMeasurementTime() {
        return measurementTime(1250, 2300, 575);
    }

    private Duration measurementTime(int baseMicros, int perSampleMicros, int pressureHumidityExtraMicros) {
        long micros =
                baseMicros + (long) perSampleMicros * temperatureOversampling().factor();
        for (Oversampling o : new Oversampling[] {pressureOversampling(), humidityOversampling()}) {
            if (o != Oversampling.SKIPPED) {
                micros += (long) perSampleMicros * o.factor() + pressureHumidityExtraMicros;
            }
        }
        return Duration.ofNanos(micros * 1000);
    }
}
