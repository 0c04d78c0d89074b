// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/**
 * Thrown by a {@link SimulatedI2cTarget} that answers a transfer with NACK although it is present, e.g. a chip
 * that is busy measuring or does not know a command. {@link SimulatedI2cBus} turns it into a
 * {@link org.fieldnode.drivers.api.BusException} with the same transient flag.
 */
public final class TargetNack extends RuntimeException {
    private final boolean transientFault;

    /**
     * @param transientFault true when the same transfer may succeed later (busy), false when it never will
     *     (unknown command)
     * @param reason what the chip objected to, for the exception message
     */
    public TargetNack(boolean transientFault, String reason) {
        super(reason, null, false, false);
        this.transientFault = transientFault;
    }

    public boolean isTransient() {
        return transientFault;
    }
}
