// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

import java.util.Locale;

/** How an SCD4x measures. Profile property {@code mode}: {@code periodic} (default) or {@code single-shot}. */
public enum Scd4xMode {
    /** A sample every 5 s; fetch reads the newest one (DS §3.5). Works on SCD40 and SCD41. */
    PERIODIC,
    /** One 5-second measurement per fetch, idle in between (DS §3.10); SCD41 only. Saves power at long intervals. */
    SINGLE_SHOT;

    public static final String KEY_MODE = "mode";

    /** @throws IllegalArgumentException naming the {@code mode} key for an unknown value */
    public static Scd4xMode fromProperty(String value) {
        if (value == null) {
            return PERIODIC;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "periodic" -> PERIODIC;
            case "single-shot" -> SINGLE_SHOT;
            default ->
                throw new IllegalArgumentException(
                        "%s: expected 'periodic' or 'single-shot', got '%s'".formatted(KEY_MODE, value));
        };
    }
}
