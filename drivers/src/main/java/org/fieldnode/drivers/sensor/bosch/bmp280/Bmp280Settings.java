// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CONFIG_FILTER_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CTRL_MEAS_OSRS_P_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CTRL_MEAS_OSRS_T_SHIFT;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.fieldnode.drivers.sensor.bosch.bme280.IirFilter;
import org.fieldnode.drivers.sensor.bosch.bme280.Oversampling;

/**
 * How a BMP280 measures: oversampling of temperature and pressure and the IIR filter, with the same fields and
 * encodings as the BME280 (DS §3.3, §3.4, Tables 4, 5, 6). The defaults are the datasheet's weather monitoring
 * recommendation (DS §3.7, Table 15): forced mode, x1 oversampling, filter off.
 *
 * <p>Profile properties (all optional), parsed as {@link Bme280Settings} does: {@code oversampling},
 * {@code temperature-oversampling} (1, 2, 4, 8 or 16), {@code pressure-oversampling} (0 to skip, 1, 2, 4, 8 or 16)
 * and {@code filter} (off, 2, 4, 8 or 16). {@code humidity-oversampling} is rejected: the part has no humidity
 * sensor.
 */
public record Bmp280Settings(
        Oversampling temperatureOversampling, Oversampling pressureOversampling, IirFilter filter) {

    public Bmp280Settings {
        Objects.requireNonNull(temperatureOversampling, "temperatureOversampling");
        Objects.requireNonNull(pressureOversampling, "pressureOversampling");
        Objects.requireNonNull(filter, "filter");
        if (temperatureOversampling == Oversampling.SKIPPED) {
            throw new IllegalArgumentException("temperature cannot be skipped: pressure compensation needs it");
        }
    }

    /** x1 on both channels, filter off (DS §3.7, weather monitoring). */
    public static Bmp280Settings defaults() {
        return new Bmp280Settings(Oversampling.X1, Oversampling.X1, IirFilter.OFF);
    }

    /**
     * Reads the profile properties listed in the class comment; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key whose value is invalid, or {@code humidity-oversampling}
     */
    public static Bmp280Settings fromProperties(Map<String, String> properties) {
        if (properties.containsKey(Bme280Settings.KEY_HUMIDITY_OVERSAMPLING)) {
            throw new IllegalArgumentException(
                    Bme280Settings.KEY_HUMIDITY_OVERSAMPLING + ": a BMP280 has no humidity sensor");
        }
        Bme280Settings parsed = Bme280Settings.fromProperties(properties);
        return new Bmp280Settings(parsed.temperatureOversampling(), parsed.pressureOversampling(), parsed.filter());
    }

    /** The channels a fetch produces with these settings: a skipped pressure is absent. */
    public Set<Channel> channels() {
        Set<Channel> channels = EnumSet.of(Channel.AMBIENT_TEMPERATURE);
        if (pressureOversampling != Oversampling.SKIPPED) {
            channels.add(Channel.PRESSURE);
        }
        return channels;
    }

    /** Value for ctrl_meas with the given mode bits (DS §4.3.4). */
    int ctrlMeas(int mode) {
        return temperatureOversampling.bits() << CTRL_MEAS_OSRS_T_SHIFT
                | pressureOversampling.bits() << CTRL_MEAS_OSRS_P_SHIFT
                | mode;
    }

    /** Value for config: t_sb 0 (unused in forced mode), the filter, SPI 3-wire off (DS §4.3.5). */
    int config() {
        return filter.bits() << CONFIG_FILTER_SHIFT;
    }

    /**
     * Typical measurement time: 1 + 2·osrs_t + (2·osrs_p + 0.5) ms, where a skipped pressure contributes nothing.
     * Matches DS §3.8.1, Table 13: 5.5 ms for x1/x1, 37.5 ms for x2/x16.
     */
    public Duration typicalMeasurementTime() {
        return measurementTime(1000, 2000, 500);
    }

    /** Maximum measurement time: 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) ms; Table 13: 6.4 and 43.2 ms. */
    public Duration maxMeasurementTime() {
        return measurementTime(1250, 2300, 575);
    }

    private Duration measurementTime(int baseMicros, int perSampleMicros, int pressureExtraMicros) {
        long micros = baseMicros + (long) perSampleMicros * temperatureOversampling.factor();
        if (pressureOversampling != Oversampling.SKIPPED) {
            micros += (long) perSampleMicros * pressureOversampling.factor() + pressureExtraMicros;
        }
        return Duration.ofNanos(micros * 1000);
    }
}
