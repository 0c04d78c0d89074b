// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.util.OptionalDouble;

/**
 * One measured figure of {@code fieldnode bench}: what fieldnode did, what the floor (a bare Californium/Scandium
 * client or server doing the same exchange, same JVM flags, same run) did when there is one, and the target.
 *
 * @param key short machine name, e.g. {@code node_steady_rss}
 * @param what what a reader of the table sees, e.g. "node steady-state RSS"
 * @param unit e.g. {@code MiB}, {@code ms}, {@code B/day}, {@code req/s}
 * @param value fieldnode's figure
 * @param floor the bare stack's figure, measured in the same run; empty when there is no floor
 * @param target what the figure should reach (BENCHMARKS.md)
 * @param note how it was measured or why it misses, one short clause; may be empty
 */
public record Figure(
        String key, String what, String unit, double value, OptionalDouble floor, Target target, String note) {

    public static Figure withFloor(String key, String what, String unit, double value, double floor, Target target) {
        return new Figure(key, what, unit, value, OptionalDouble.of(floor), target, "");
    }

    public static Figure alone(String key, String what, String unit, double value, Target target) {
        return new Figure(key, what, unit, value, OptionalDouble.empty(), target, "");
    }

    public Figure withNote(String text) {
        return new Figure(key, what, unit, value, floor, target, text);
    }

    /** value / floor, or NaN without a floor. */
    public double ratio() {
        return floor.isPresent() && floor.getAsDouble() != 0 ? value / floor.getAsDouble() : Double.NaN;
    }

    public boolean met() {
        return target.isMetBy(this);
    }
}
