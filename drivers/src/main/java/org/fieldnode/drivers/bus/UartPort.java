// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.time.Duration;
import org.fieldnode.drivers.api.DeviceException;

/**
 * A serial port with one device on it, as a driver gets it from {@link BusProvider#openUart}. Byte-stream
 * semantics: a read returns whatever arrived, which need not be a whole frame, so drivers sync on frame headers
 * and check checksums themselves.
 */
public interface UartPort extends AutoCloseable {
    /** Sets baud rate and framing. Call before the first read or write. */
    void configure(UartSettings settings) throws DeviceException;

    /** Sends {@code data}; returns once it is queued for transmission. */
    void write(byte[] data) throws DeviceException;

    /**
     * Reads at least one and at most {@code into.length} bytes into {@code into} from index 0, waiting up to
     * {@code timeout} for the first byte.
     *
     * @return the number of bytes read; 0 when nothing arrived within {@code timeout}
     */
    int read(byte[] into, Duration timeout) throws DeviceException;

    /** Discards every byte received and not yet read, e.g. stale frames before a query. */
    void drainInput() throws DeviceException;

    /** Releases the port. Idempotent; never throws. */
    @Override
    void close();
}
