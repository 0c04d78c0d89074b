// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/** Faults scheduled for the next readings of one simulator, oldest first. Not thread-safe: owners synchronise. */
final class FaultQueue {
    private final Deque<LineFault> faults = new ArrayDeque<>();

    void schedule(int readings, LineFault fault) {
        Objects.requireNonNull(fault, "fault");
        if (readings < 0) {
            throw new IllegalArgumentException("readings must be >= 0, got " + readings);
        }
        for (int i = 0; i < readings; i++) {
            faults.add(fault);
        }
    }

    /** The fault for this reading, or null for none. */
    LineFault next() {
        return faults.poll();
    }

    void clear() {
        faults.clear();
    }

    int pending() {
        return faults.size();
    }
}
