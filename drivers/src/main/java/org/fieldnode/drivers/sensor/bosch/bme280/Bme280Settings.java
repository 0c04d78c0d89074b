// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Settings;
import org.fieldnode.drivers.sensor.bosch.bmx280.IirFilter;
import org.fieldnode.drivers.sensor.bosch.bmx280.Oversampling;

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
 * Temperature cannot be skipped: pressure and humidity compensation need it (DS §4.2.3, t_fine). Register values
 * and measurement times (DS §5.4, §9.1) follow from these fields as {@link Bmx280Settings} says.
 */
public record Bme280Settings(
        Oversampling temperatureOversampling,
        Oversampling pressureOversampling,
        Oversampling humidityOversampling,
        IirFilter filter)
        implements Bmx280Settings {

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
