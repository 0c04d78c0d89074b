// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/** The chip is absent or is not the part the profile names (identity probe mismatch). Permanent. */
public final class DeviceNotFoundException extends DeviceException {
    public DeviceNotFoundException(String sensorId, String message) {
        super(sensorId, message, null);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
