// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.drivers.api.Channel;

/**
 * One sensor's chain of stages, built from its {@link PipelineSpec}: each reading enters the first stage, and what
 * a stage emits enters the next. Stages keep their state per series (sensor id + quantity), so one pipeline serves
 * every channel of its sensor. A stage restricted to a quantity passes the sensor's other quantities unchanged.
 *
 * <p>Not thread-safe: the sampler calls it from one thread at a time. A reading that a stage refuses (a calibration
 * that overflows to infinity) is dropped and counted in {@link #refused()}; it never stops the other readings.
 */
public final class Pipeline implements Stage {
    private final List<Stage> stages;
    private final AtomicLong refused = new AtomicLong();

    private Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** A new chain with empty state, in the order the spec gives. */
    public static Pipeline build(PipelineSpec spec) {
        List<Stage> stages = new ArrayList<>(spec.stages().size());
        for (StageSpec s : spec.stages()) {
            stages.add(restricted(s.create(), s.quantity()));
        }
        return new Pipeline(stages);
    }

    /** A chain of ready-made stages, for code and tests that build stages directly. */
    public static Pipeline of(Stage... stages) {
        return new Pipeline(List.of(stages));
    }

    private static Stage restricted(Stage stage, Optional<String> quantity) {
        if (quantity.isEmpty()) {
            return stage;
        }
        String only = quantity.get();
        return new Stage() {
            @Override
            public void accept(Reading reading, Emitter downstream) {
                if (reading.channel().quantity().equals(only)) {
                    stage.accept(reading, downstream);
                } else {
                    downstream.emit(reading);
                }
            }

            @Override
            public boolean appliesToStates() {
                return stage.appliesToStates();
            }

            @Override
            public String toString() {
                return stage + "[" + only + "]";
            }
        };
    }

    /** Runs {@code reading} through every stage; what survives goes to {@code downstream}. */
    @Override
    public void accept(Reading reading, Emitter downstream) {
        try {
            acceptAt(0, reading, downstream);
        } catch (IllegalArgumentException e) {
            refused.incrementAndGet();
            throw e;
        }
    }

    private void acceptAt(int index, Reading reading, Emitter downstream) {
        if (index == stages.size()) {
            downstream.emit(reading);
        } else if (reading.channel().kind() == Channel.Kind.STATE
                && !stages.get(index).appliesToStates()) {
            acceptAt(index + 1, reading, downstream); // a numeric stage has nothing to do with a state
        } else {
            stages.get(index).accept(reading, r -> acceptAt(index + 1, r, downstream));
        }
    }

    /**
     * Runs each reading through the chain and returns what comes out, in order. A refused reading is dropped and
     * counted; the others still pass.
     */
    public List<Reading> apply(List<Reading> readings) {
        List<Reading> out = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            try {
                accept(r, out::add);
            } catch (IllegalArgumentException e) {
                // counted in accept; the caller learns about refusals from refused()
            }
        }
        return out;
    }

    /** Readings dropped because a stage could not produce a finite value. */
    public long refused() {
        return refused.get();
    }

    /** True when readings pass unchanged. */
    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public String toString() {
        return stages.toString();
    }
}
