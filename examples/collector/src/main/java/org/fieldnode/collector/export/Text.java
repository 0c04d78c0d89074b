// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Number forms shared by the exports and the web page (JSON itself is written with the protocol's JsonWriter). */
public final class Text {
    private Text() {}

    /** The shortest decimal that reads back as {@code value}, without a trailing {@code .0}: 21.5, 101325, 1.0E-7. */
    public static String number(double value) {
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /** Seconds since the epoch as an exact decimal (microsecond digits at most): 1772366400, 1772366401.25. */
    public static String epochSeconds(Instant time) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        if (fraction == 0) {
            return Long.toString(seconds);
        }
        String digits = String.format("%06d", fraction).replaceAll("0+$", "");
        return seconds + "." + digits;
    }
}
