// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/** A conversion did not complete before its deadline. Transient. */
public final class DataNotReadyException extends DeviceException {
    public DataNotReadyException(String sensorId, String message) {
        super(sensorId, message, null);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
