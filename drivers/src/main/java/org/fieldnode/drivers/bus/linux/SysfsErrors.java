// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;

/**
 * Maps an {@link IOException} from reading a sysfs attribute to our exception family. The JDK gives no errno,
 * only the C library's {@code strerror} text in the message, so the transient errnos are matched by that text
 * (glibc and musl spell these four the same way).
 */
public final class SysfsErrors {
    /** EAGAIN, EIO, ETIMEDOUT, EREMOTEIO: the kernel driver failed this conversion; the next may work. */
    private static final List<String> TRANSIENT = List.of(
            "Resource temporarily unavailable", "Input/output error", "Connection timed out", "Remote I/O error");

    private SysfsErrors() {}

    /** The exception for {@code e}, raised while reading {@code what} for sensor {@code sensorId}. */
    public static DeviceException toDeviceException(String sensorId, String what, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DeviceNotFoundException(sensorId, what + " is gone: " + e.getMessage());
        }
        String message = String.valueOf(e.getMessage());
        boolean transientFault = TRANSIENT.stream().anyMatch(message::contains);
        return new BusException(sensorId, "reading %s failed: %s".formatted(what, message), transientFault, e);
    }
}
