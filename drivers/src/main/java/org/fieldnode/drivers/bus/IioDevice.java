// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import org.fieldnode.drivers.api.DeviceException;

/**
 * A Linux Industrial I/O device, read through its sysfs attributes (e.g. {@code in_temp_input}). A kernel driver
 * that fails a conversion returns EAGAIN, EIO or ETIMEDOUT; implementations report those as a transient
 * {@link org.fieldnode.drivers.api.BusException}.
 */
public interface IioDevice extends AutoCloseable {
    /** The kernel's {@code name} of the device, e.g. {@code dht11}. */
    String name();

    /** The trimmed text of attribute {@code attribute}, e.g. {@code 23400} for {@code in_temp_input}. */
    String read(String attribute) throws DeviceException;

    /** Releases the handle. Idempotent; never throws. */
    @Override
    void close();
}
