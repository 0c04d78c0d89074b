// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

/**
 * A well-formed capture that the driver could not turn into a reading, for a reason outside the driver's own
 * {@link org.fieldnode.drivers.api.DeviceException}s: e.g. the capture holds 5 bytes where the driver's measurement
 * read takes 6. One line, no reading.
 */
public final class ReplayException extends Exception {
    public ReplayException(String message) {
        super(message);
    }
}
