// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.Comparator;
import java.util.Objects;

/**
 * One series of a device as stored: its name relative to the node's base name and its unit. A series whose unit
 * changed (a reconfigured node) is two series.
 *
 * @param name e.g. {@code env0/temperature}
 * @param unit the SenML unit symbol, e.g. {@code Cel}, or {@code ""}
 */
public record SeriesKey(String name, String unit) implements Comparable<SeriesKey> {
    private static final Comparator<SeriesKey> ORDER =
            Comparator.comparing(SeriesKey::name).thenComparing(SeriesKey::unit);

    public SeriesKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    @Override
    public int compareTo(SeriesKey other) {
        return ORDER.compare(this, other);
    }
}
