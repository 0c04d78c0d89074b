// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;

/**
 * Report on change, after LwM2M's {@code st} (step) and {@code pmax} (maximum period) attributes: forwards a
 * reading when its value moved at least {@code step} from the last forwarded value of the same series, or when
 * {@code maxSilence} has passed since that one was observed; drops it otherwise. The first reading of a series is
 * always forwarded. So while readings keep arriving, a series is never silent for longer than {@code maxSilence}
 * plus one sampling interval, and a steady value costs one reading per {@code maxSilence} on the air.
 *
 * <p>A state ({@code Channel.Kind.STATE}: a float switch, a door) is forwarded on every change, whatever the step,
 * and once per {@code maxSilence} while it holds: report on change.
 *
 * <p>Uses the readings' monotonic timestamps, so it needs no clock and a wall-clock step cannot silence it.
 */
public final class DeadbandStage implements Stage {
    private final double step;
    private final Duration maxSilence;
    private final long maxSilenceNanos;
    private final Map<String, Reading> lastForwarded = new HashMap<>();

    /** @throws IllegalArgumentException unless {@code step} is finite and {@code >= 0} and {@code maxSilence > 0} */
    public DeadbandStage(double step, Duration maxSilence) {
        if (!(step >= 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("step must be a finite number >= 0, got " + step);
        }
        if (maxSilence.isNegative() || maxSilence.isZero()) {
            throw new IllegalArgumentException("maxSilence must be > 0, got " + maxSilence);
        }
        this.step = step;
        this.maxSilence = maxSilence;
        this.maxSilenceNanos = maxSilence.toNanos();
    }

    @Override
    public void accept(Reading reading, Emitter downstream) {
        Reading previous = lastForwarded.get(reading.seriesName());
        boolean due = previous == null
                || (reading.channel().kind() == Channel.Kind.STATE
                        ? reading.value() != previous.value() // a state: every change, whatever the step
                        : Math.abs(reading.value() - previous.value()) >= step)
                // Subtract, never compare raw nanoTime values: they may wrap (System.nanoTime contract).
                || reading.monotonicNanos() - previous.monotonicNanos() >= maxSilenceNanos;
        if (due) {
            lastForwarded.put(reading.seriesName(), reading);
            downstream.emit(reading);
        }
    }

    @Override
    public boolean appliesToStates() {
        return true;
    }

    @Override
    public String toString() {
        return "deadband(step=" + step + ", max-silence=" + maxSilence + ")";
    }
}
