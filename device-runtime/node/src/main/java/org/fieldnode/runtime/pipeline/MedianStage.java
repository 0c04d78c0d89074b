// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Replaces each value by the median of the last {@code window} values of its series, which removes single spikes
 * (a mis-read frame, an electrical glitch) without smearing steps. Emits one reading per reading: while the window
 * fills it uses the values it has, so the first reading passes through unchanged. With an even number of values the
 * median is the mean of the two middle ones.
 */
public final class MedianStage implements Stage {
    private final int window;
    private final Map<String, SlidingWindow> series = new HashMap<>();

    /** @throws IllegalArgumentException unless {@code 1 <= window <= 100} */
    public MedianStage(int window) {
        this.window = Windows.checked(window);
    }

    @Override
    public void accept(Reading reading, Emitter downstream) {
        SlidingWindow values = series.computeIfAbsent(reading.seriesName(), k -> new SlidingWindow(window));
        values.add(reading.value());
        downstream.emit(reading.withValue(median(values.snapshot())));
    }

    static double median(double[] values) {
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    @Override
    public String toString() {
        return "median(window=" + window + ")";
    }
}
