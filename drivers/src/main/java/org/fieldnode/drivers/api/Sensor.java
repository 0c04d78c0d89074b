// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/**
 * An opened sensor. {@link #fetch()} runs one bus transaction group and returns converted values; a failed
 * sensor is closed and re-opened by the runtime, not by the driver.
 */
public interface Sensor extends AutoCloseable {
    /** What this sensor is and which channels it produces. */
    SensorInfo info();

    /** Performs one conversion and reads it back. Safe to call again after a {@link DeviceException}. */
    Measurement fetch() throws DeviceException;

    /** Releases the bus handle. Idempotent; never throws. */
    @Override
    void close();
}
