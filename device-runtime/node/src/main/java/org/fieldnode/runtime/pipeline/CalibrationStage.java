// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

/**
 * Linear calibration {@code value × gain + offset}, e.g. {@code offset: -0.4} for a temperature probe that reads
 * 0.4 °C high against a reference, or a gain and offset from a two-point calibration. A result that is not finite
 * is refused ({@link IllegalArgumentException}), never forwarded.
 */
public final class CalibrationStage implements Stage {
    private final double gain;
    private final double offset;

    /** @throws IllegalArgumentException unless both are finite and {@code gain != 0} */
    public CalibrationStage(double gain, double offset) {
        if (!Double.isFinite(gain) || gain == 0) {
            throw new IllegalArgumentException("gain must be a finite number other than 0, got " + gain);
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset must be a finite number, got " + offset);
        }
        this.gain = gain;
        this.offset = offset;
    }

    /** An offset-only calibration (gain 1). */
    public static CalibrationStage offset(double offset) {
        return new CalibrationStage(1, offset);
    }

    @Override
    public void accept(Reading reading, Emitter downstream) {
        downstream.emit(reading.withValue(apply(reading.value())));
    }

    double apply(double value) {
        return value * gain + offset;
    }

    @Override
    public String toString() {
        return "calibrate(gain=" + gain + ", offset=" + offset + ")";
    }
}
