// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.time.Duration;
import org.fieldnode.protocol.Intervals;

/**
 * The profile loader's name for the shared interval rule, {@link Intervals} of the wire contract (kept so that the
 * loader reads as before; new code uses {@link Intervals}).
 */
public final class Durations {
    private Durations() {}

    /** @see Intervals#parse */
    public static Duration parse(String text) {
        return Intervals.parse(text);
    }

    /** @see Intervals#format */
    public static String format(Duration duration) {
        return Intervals.format(duration);
    }
}
