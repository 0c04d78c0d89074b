// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.Map;
import org.fieldnode.protocol.update.UpdateReports;

/**
 * What nodes report about over-the-air updates ({@link UpdateReports}: {@code u=}, {@code us=}, ...), kept per
 * device for {@code collector devices} and {@code collector update status}. A store writes only when what a node
 * reports changed, not once per report.
 */
public interface DeviceUpdates {
    /** One device's latest update report. */
    record DeviceUpdate(
            String device, long installed, String state, long target, long received, String reason, Instant reported) {}

    /** Records what {@code device} reported at {@code at}. */
    void reported(String device, UpdateReports.Reported report, Instant at) throws StoreException;

    /** Every device's latest update report, by device. */
    Map<String, DeviceUpdate> all() throws StoreException;
}
