// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.math.BigDecimal;

/**
 * Rounds each value to the nearest multiple of {@code step}, the finest step the sensor can resolve (0.01 °C for a
 * BME280, 0.0625 °C for a DS18B20 at 12 bits, 1 µg/m³ for a PMS5003). Digits below that are noise, and dropping
 * them lets the SenML encoder send a short integer or half float instead of a double.
 *
 * <p>The result is the {@code double} nearest to the exact decimal {@code k × step}: {@code 21.15}, not
 * {@code 21.150000000000002}. Rounding is half away from zero. Idempotent: a rounded value rounds to itself.
 */
public final class ResolutionStage implements Stage {
    /** Beyond 2^52 steps a double has no fraction left to round. */
    private static final double MAX_STEPS = 0x1p52;

    private final double step;
    private final BigDecimal exactStep;

    /** @throws IllegalArgumentException unless {@code step} is finite and {@code > 0} */
    public ResolutionStage(double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("step must be a finite number > 0, got " + step);
        }
        this.step = step;
        // valueOf uses the shortest decimal that reads back as the double: 0.01, not 0.01000000000000000020816…
        this.exactStep = BigDecimal.valueOf(step);
    }

    @Override
    public void accept(Reading reading, Emitter downstream) {
        downstream.emit(reading.withValue(round(reading.value())));
    }

    double round(double value) {
        double steps = value / step;
        if (Math.abs(steps) >= MAX_STEPS) {
            return value;
        }
        long k = (long) (steps + Math.copySign(0.5, steps));
        return k == 0 ? 0.0 : exactStep.multiply(BigDecimal.valueOf(k)).doubleValue();
    }

    @Override
    public String toString() {
        return "resolution(step=" + step + ")";
    }
}
