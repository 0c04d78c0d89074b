// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CONFIG_FILTER_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CTRL_MEAS_OSRS_P_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CTRL_MEAS_OSRS_T_SHIFT;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;

/**
 * How a BME280 measures: oversampling per channel and the IIR filter. The defaults are the datasheet's weather
 * monitoring recommendation (DS §3.5.1): forced mode, x1 oversampling on every channel, filter off.
 *
 * <p>Profile properties (all optional):
 *
 * <ul>
 *   <li>{@code oversampling}: 1, 2, 4, 8 or 16 for every channel;
 *   <li>{@code temperature-oversampling}: 1, 2, 4, 8 or 16, overrides {@code oversampling};
 *   <li>{@code pressure-oversampling}, {@code humidity-oversampling}: 0 (skip the channel), 1, 2, 4, 8 or 16;
 *   <li>{@code filter}: 0 or {@code off}, 2, 4, 8 or 16 (IIR coefficient).
 * </ul>
 *
 * Temperature cannot be skipped: pressure and humidity compensation need it (DS §4.2.3, t_fine).
 */
public record Bme280Settings(
        Oversampling temperatureOversampling,
        Oversampling pressureOversampling,
        Oversampling humidityOversampling,
        IirFilter filter) {

    public static final String KEY_OVERSAMPLING = "oversampling";
    public static final String KEY_TEMPERATURE_OVERSAMPLING = "temperature-oversampling";
    public static final String KEY_PRESSURE_OVERSAMPLING = "pressure-oversampling";
    public static final String KEY_HUMIDITY_OVERSAMPLING = "humidity-oversampling";
    public static final String KEY_FILTER = "filter";

    public Bme280Settings {
        Objects.requireNonNull(temperatureOversampling, "temperatureOversampling");
        Objects.requireNonNull(pressureOversampling, "pressureOversampling");
        Objects.requireNonNull(humidityOversampling, "humidityOversampling");
        Objects.requireNonNull(filter, "filter");
        if (temperatureOversampling == Oversampling.SKIPPED) {
            throw new IllegalArgumentException(
                    "temperature cannot be skipped: pressure and humidity compensation need it");
        }
    }

    /** x1 on every channel, filter off (DS §3.5.1 weather monitoring). */
    public static Bme280Settings defaults() {
        return new Bme280Settings(Oversampling.X1, Oversampling.X1, Oversampling.X1, IirFilter.OFF);
    }

    /**
     * Reads the profile properties listed in the class comment; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key whose value is invalid
     */
    public static Bme280Settings fromProperties(Map<String, String> properties) {
        Oversampling common = oversampling(properties, KEY_OVERSAMPLING, Oversampling.X1, false);
        return new Bme280Settings(
                oversampling(properties, KEY_TEMPERATURE_OVERSAMPLING, common, false),
                oversampling(properties, KEY_PRESSURE_OVERSAMPLING, common, true),
                oversampling(properties, KEY_HUMIDITY_OVERSAMPLING, common, true),
                filter(properties));
    }

    /** The channels a fetch produces with these settings: skipped channels are absent. */
    public Set<Channel> channels() {
        Set<Channel> channels = EnumSet.of(Channel.AMBIENT_TEMPERATURE);
        if (pressureOversampling != Oversampling.SKIPPED) {
            channels.add(Channel.PRESSURE);
        }
        if (humidityOversampling != Oversampling.SKIPPED) {
            channels.add(Channel.RELATIVE_HUMIDITY);
        }
        return channels;
    }

    /** Value for ctrl_hum (DS §5.4.3). */
    int ctrlHum() {
        return humidityOversampling.bits();
    }

    /** Value for ctrl_meas with the given mode bits (DS §5.4.5). */
    int ctrlMeas(int mode) {
        return temperatureOversampling.bits() << CTRL_MEAS_OSRS_T_SHIFT
                | pressureOversampling.bits() << CTRL_MEAS_OSRS_P_SHIFT
                | mode;
    }

    /** Value for config: t_sb 0 (unused in forced mode), the filter, SPI 3-wire off (DS §5.4.6). */
    int config() {
        return filter.bits() << CONFIG_FILTER_SHIFT;
    }

    /**
     * Typical measurement time, DS §9.1: 1 + 2·osrs_t + (2·osrs_p + 0.5) + (2·osrs_h + 0.5) ms, where a skipped
     * channel contributes nothing.
     */
    public Duration typicalMeasurementTime() {
        return measurementTime(1000, 2000, 500);
    }

    /** Maximum measurement time, DS §9.1: 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) + (2.3·osrs_h + 0.575) ms. */
    public Duration maxMeasurementTime() {
        return measurementTime(1250, 2300, 575);
    }

    private Duration measurementTime(int baseMicros, int perSampleMicros, int pressureHumidityExtraMicros) {
        long micros = baseMicros + (long) perSampleMicros * temperatureOversampling.factor();
        for (Oversampling o : new Oversampling[] {pressureOversampling, humidityOversampling}) {
            if (o != Oversampling.SKIPPED) {
                micros += (long) perSampleMicros * o.factor() + pressureHumidityExtraMicros;
            }
        }
        return Duration.ofNanos(micros * 1000);
    }

    private static Oversampling oversampling(
            Map<String, String> properties, String key, Oversampling fallback, boolean maySkip) {
        String text = properties.get(key);
        if (text == null) {
            return fallback;
        }
        int factor = parseInt(key, text.strip(), maySkip ? "0, 1, 2, 4, 8 or 16" : "1, 2, 4, 8 or 16");
        return Oversampling.ofFactor(factor)
                .filter(o -> maySkip || o != Oversampling.SKIPPED)
                .orElseThrow(() -> invalid(key, text, maySkip ? "0, 1, 2, 4, 8 or 16" : "1, 2, 4, 8 or 16"));
    }

    private static IirFilter filter(Map<String, String> properties) {
        String text = properties.get(KEY_FILTER);
        if (text == null) {
            return IirFilter.OFF;
        }
        String expected = "off, 0, 2, 4, 8 or 16";
        if (text.strip().equalsIgnoreCase("off")) {
            return IirFilter.OFF;
        }
        int coefficient = parseInt(KEY_FILTER, text.strip(), expected);
        return IirFilter.ofCoefficient(coefficient).orElseThrow(() -> invalid(KEY_FILTER, text, expected));
    }

    private static int parseInt(String key, String text, String expected) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(key, text, expected);
        }
    }

    private static IllegalArgumentException invalid(String key, String text, String expected) {
        return new IllegalArgumentException("%s: expected %s, got '%s'".formatted(key, expected, text));
    }
}
