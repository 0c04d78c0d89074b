// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * One entry of a sensor's {@code pipeline:} list in the profile, checked and ready to become a {@link Stage}. Each
 * may be restricted to one quantity (e.g. {@code temperature}); readings of other quantities then pass it unchanged.
 */
public sealed interface StageSpec {
    /** The quantity this stage applies to, or empty for every quantity of the sensor. */
    Optional<String> quantity();

    /** A new stage with empty state. */
    Stage create();

    /** {@code { stage: median, window: N }}. */
    record Median(int window, Optional<String> quantity) implements StageSpec {
        @Override
        public Stage create() {
            return new MedianStage(window);
        }
    }

    /** {@code { stage: moving-average, window: N }}. */
    record MovingAverage(int window, Optional<String> quantity) implements StageSpec {
        @Override
        public Stage create() {
            return new MovingAverageStage(window);
        }
    }

    /** {@code { stage: deadband, step: S, max-silence: D }}. */
    record Deadband(double step, Duration maxSilence, Optional<String> quantity) implements StageSpec {
        @Override
        public Stage create() {
            return new DeadbandStage(step, maxSilence);
        }
    }

    /** {@code { stage: calibrate, gain: G, offset: O }}: {@code value × gain + offset}. */
    record Calibrate(double gain, double offset, Optional<String> quantity) implements StageSpec {
        @Override
        public Stage create() {
            return new CalibrationStage(gain, offset);
        }
    }

    /** {@code { stage: resolution, step: S }}. */
    record Resolution(double step, Optional<String> quantity) implements StageSpec {
        @Override
        public Stage create() {
            return new ResolutionStage(step);
        }
    }
}
