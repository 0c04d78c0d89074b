// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.util.Locale;

/** Number formatting shared by the table and the closing line. */
public final class Figures {
    private Figures() {}

    /** Integers without decimals, small numbers with up to two. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
