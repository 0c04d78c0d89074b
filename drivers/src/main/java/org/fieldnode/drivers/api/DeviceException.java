// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.io.IOException;

/**
 * A hardware fault. Checked, because hardware failure is normal and the sampler must handle it. Sealed so that
 * callers can tell transient faults (retry) from permanent ones (re-open later, report DEGRADED).
 */
public abstract sealed class DeviceException extends IOException
        permits BusException, DeviceNotFoundException, DataNotReadyException {
    private final String sensorId;

    protected DeviceException(String sensorId, String message, Throwable cause) {
        super(sensorId + ": " + message, cause);
        this.sensorId = sensorId;
    }

    /** The profile id of the sensor that failed. */
    public String sensorId() {
        return sensorId;
    }

    /** True when a later attempt may succeed without re-opening the sensor. */
    public abstract boolean isTransient();
}
