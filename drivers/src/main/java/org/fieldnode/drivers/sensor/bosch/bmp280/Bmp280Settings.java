// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Settings;
import org.fieldnode.drivers.sensor.bosch.bmx280.IirFilter;
import org.fieldnode.drivers.sensor.bosch.bmx280.Oversampling;

/**
 * How a BMP280 measures: oversampling of temperature and pressure and the IIR filter, with the same fields and
 * encodings as the BME280 (DS §3.3, §3.4, Tables 4, 5, 6). The defaults are the datasheet's weather monitoring
 * recommendation (DS §3.7, Table 15): forced mode, x1 oversampling, filter off.
 *
 * <p>Profile properties (all optional), parsed as {@link Bme280Settings} does: {@code oversampling},
 * {@code temperature-oversampling} (1, 2, 4, 8 or 16), {@code pressure-oversampling} (0 to skip, 1, 2, 4, 8 or 16)
 * and {@code filter} (off, 2, 4, 8 or 16). {@code humidity-oversampling} is rejected: the part has no humidity
 * sensor. Register values and measurement times (DS §4.3, §3.8.1) follow from these fields as {@link Bmx280Settings}
 * says.
 */
public record Bmp280Settings(Oversampling temperatureOversampling, Oversampling pressureOversampling, IirFilter filter)
        implements Bmx280Settings {

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

    /** A BMP280 has no humidity sensor: always {@link Oversampling#SKIPPED}. */
    @Override
    public Oversampling humidityOversampling() {
        return Oversampling.SKIPPED;
    }
}
