// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.util.Arrays;

/** The last {@code capacity} values of one series, oldest overwritten first. */
final class SlidingWindow {
    private final double[] values;
    private int next;
    private int size;

    SlidingWindow(int capacity) {
        values = new double[capacity];
    }

    void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** The values held, in no particular order; fewer than the capacity while the window fills. */
    double[] snapshot() {
        return size == values.length ? values.clone() : Arrays.copyOf(values, size);
    }
}
