// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Replaces each value by the arithmetic mean of the last {@code window} values of its series, which smooths noise
 * (a particle counter, an ultrasonic distance). Emits one reading per reading: while the window fills it averages
 * the values it has, so the first reading passes through unchanged.
 */
public final class MovingAverageStage implements Stage {
    private final int window;
    private final Map<String, SlidingWindow> series = new HashMap<>();

    /** @throws IllegalArgumentException unless {@code 1 <= window <= 100} */
    public MovingAverageStage(int window) {
        this.window = Windows.checked(window);
    }

    @Override
    public void accept(Reading reading, Emitter downstream) {
        SlidingWindow values = series.computeIfAbsent(reading.seriesName(), k -> new SlidingWindow(window));
        values.add(reading.value());
        double[] held = values.snapshot();
        // Mean as min + mean of offsets: stays inside [min, max] even where a plain sum would lose digits.
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : held) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double offsets = 0;
        for (double v : held) {
            offsets += v - min;
        }
        double mean = min + offsets / held.length;
        downstream.emit(reading.withValue(Math.min(max, Math.max(min, mean))));
    }

    @Override
    public String toString() {
        return "moving-average(window=" + window + ")";
    }
}
