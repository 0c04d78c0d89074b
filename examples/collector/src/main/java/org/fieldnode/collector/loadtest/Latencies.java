// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.util.Arrays;

/** Every report's latency, kept to compute percentiles at the end; thread-safe, bounded to 10 million values. */
final class Latencies {
    private static final int MAX = 10_000_000;

    private long[] nanos = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == MAX) {
            return;
        }
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.min(MAX, nanos.length * 2));
        }
        nanos[size++] = value;
    }

    /** The {@code percentile}th percentile in milliseconds (nearest rank), 0 when nothing was recorded. */
    synchronized double percentileMillis(int percentile) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
