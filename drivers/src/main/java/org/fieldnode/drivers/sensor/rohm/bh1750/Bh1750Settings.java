// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_DEFAULT;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_MAX;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_MIN;

import java.util.Map;

/**
 * How a BH1750 measures. Profile property (optional): {@code mtreg}, the measurement-time register, 31..254
 * (default 69). A larger value integrates longer: more sensitive in the dark and behind a window, slower, and it
 * saturates earlier in sunlight.
 */
public record Bh1750Settings(int mtreg) {
    public static final String KEY_MTREG = "mtreg";

    public Bh1750Settings {
        if (mtreg < MTREG_MIN || mtreg > MTREG_MAX) {
            throw new IllegalArgumentException(
                    "%s: must be %d..%d, got %d".formatted(KEY_MTREG, MTREG_MIN, MTREG_MAX, mtreg));
        }
    }

    public static Bh1750Settings defaults() {
        return new Bh1750Settings(MTREG_DEFAULT);
    }

    /** @throws IllegalArgumentException naming the key whose value is invalid */
    public static Bh1750Settings fromProperties(Map<String, String> properties) {
        String value = properties.get(KEY_MTREG);
        if (value == null) {
            return defaults();
        }
        try {
            return new Bh1750Settings(Integer.decode(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s: not a number: '%s'".formatted(KEY_MTREG, value));
        }
    }
}
