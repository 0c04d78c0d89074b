// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

/**
 * One step of the reading pipeline. Runs on the sampler thread, keeps its own state per series (sensor id +
 * quantity), never blocks, and emits zero, one or more readings downstream for each reading it accepts. Time comes
 * only from the reading's monotonic timestamp, so a stage is deterministic in tests.
 */
@FunctionalInterface
public interface Stage {
    /**
     * Processes one reading.
     *
     * @throws IllegalArgumentException when the result would not be a finite value; the pipeline then drops the
     *     reading and counts it as refused
     */
    void accept(Reading reading, Emitter downstream);

    /**
     * True when this stage is meant for states (a contact's 0 or 1, {@code Channel.Kind.STATE}) too. Numeric stages
     * (calibration, median, moving average, resolution) are not: a state passes them unchanged, since half a float
     * switch is no state. Report on change ({@link DeadbandStage}) is.
     */
    default boolean appliesToStates() {
        return false;
    }
}
