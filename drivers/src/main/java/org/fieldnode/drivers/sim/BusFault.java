// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/** A fault {@link SimulatedI2cBus#failNext} injects into a transfer. */
public enum BusFault {
    /** The addressed chip did not acknowledge (busy, glitch). Nothing reaches the chip. Transient. */
    NACK(true, false),
    /** The transfer did not complete in time (clock stretching, stuck bus). Nothing reaches the chip. Transient. */
    TIMEOUT(true, false),
    /**
     * Fewer bytes came back than asked for. Applies to the next <em>read</em>: writes pass it by. The chip sees a
     * read of the first half of the bytes. Transient.
     */
    SHORT_READ(true, true);

    private final boolean transientFault;
    private final boolean readsOnly;

    BusFault(boolean transientFault, boolean readsOnly) {
        this.transientFault = transientFault;
        this.readsOnly = readsOnly;
    }

    /** Whether the resulting {@code BusException} reports a transient fault. */
    public boolean isTransient() {
        return transientFault;
    }

    boolean appliesTo(boolean read) {
        return read || !readsOnly;
    }
}
