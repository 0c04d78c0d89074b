// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/** The bus failed: NACK, timeout, CRC error, short read, EREMOTEIO. */
public final class BusException extends DeviceException {
    private final boolean transientFault;

    public BusException(String sensorId, String message, boolean transientFault, Throwable cause) {
        super(sensorId, message, cause);
        this.transientFault = transientFault;
    }

    public BusException(String sensorId, String message, boolean transientFault) {
        this(sensorId, message, transientFault, null);
    }

    @Override
    public boolean isTransient() {
        return transientFault;
    }
}
