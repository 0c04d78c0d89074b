// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Duration;
import java.util.Optional;
import org.fieldnode.protocol.SeriesNames;

/**
 * The collector's side of the node-health convention: a node reports its own health as ordinary SenML readings
 * under the series {@code health/...} of its base name, numbered and acknowledged like every other reading, so a
 * health report is never lost or counted twice. The collector stores them as readings (they chart like any
 * series) and also keeps the latest of each in the device's summary:
 *
 * <table>
 *   <caption>Health series</caption>
 *   <tr><th>name</th><th>unit</th><th>meaning</th></tr>
 *   <tr><td>{@code health/queued}</td><td>none</td><td>readings waiting in the node's queue</td></tr>
 *   <tr><td>{@code health/dropped}</td><td>none</td><td>readings dropped since the queue was created</td></tr>
 *   <tr><td>{@code health/battery}</td><td>{@code V} or {@code %EL}</td><td>battery voltage or charge</td></tr>
 *   <tr><td>{@code health/state}</td><td>none</td><td>0 ok, 1 degraded, 2 bootstrap (SECURITY R31)</td></tr>
 *   <tr><td>{@code health/delivery}</td><td>none</td><td>sent while the node could not deliver: why (1 no answer,
 *       2 handshake refused, 3 collector busy, 4 collector error, 5 not enrolled, 6 other); one 0 when it could
 *       again</td></tr>
 *   <tr><td>{@code health/undelivered}</td><td>{@code s}</td><td>with {@code health/delivery}: for how long it had
 *       not delivered</td></tr>
 *   <tr><td>{@code health/report_interval}</td><td>{@code s}</td><td>the longest the node means to stay silent
 *       while it can deliver (at start, then daily); the web page flags a device silent longer</td></tr>
 *   <tr><td>{@code health/software}</td><td>none</td><td>a string ({@code vs}): the node's software version</td></tr>
 *   <tr><td>{@code health/profile}</td><td>none</td><td>a string: 12 hex digits of the SHA-256 of the node's
 *       effective profile, a space, the profile's file name</td></tr>
 *   <tr><td>{@code health/place}</td><td>none</td><td>a string: where the node stands, only when its profile
 *       shares it ({@code node.share-location})</td></tr>
 * </table>
 *
 * The last six are kept as readings only (charted or listed, and exported), not in the device's summary; the three
 * strings come at start and when they change, and the web page shows the latest of each in its device table.
 */
public final class HealthNames {
    public static final String QUEUED = SeriesNames.HEALTH_QUEUED;
    public static final String DROPPED = SeriesNames.HEALTH_DROPPED;
    public static final String BATTERY = SeriesNames.HEALTH_BATTERY;
    public static final String STATE = SeriesNames.HEALTH_STATE;
    public static final String REPORT_INTERVAL = SeriesNames.HEALTH_REPORT_INTERVAL;
    public static final String SOFTWARE = SeriesNames.HEALTH_SOFTWARE;
    public static final String PROFILE = SeriesNames.HEALTH_PROFILE;
    public static final String PLACE = SeriesNames.HEALTH_PLACE;

    /** How often a node sends its report interval and facts again at least (with its first report of each day). */
    public static final Duration REPEATED_EVERY = Duration.ofDays(1);

    private HealthNames() {}

    /** True when {@code name} is one of the health series above. */
    public static boolean isHealth(String name) {
        return name.equals(QUEUED) || name.equals(DROPPED) || name.equals(BATTERY) || name.equals(STATE);
    }

    /** The text of a {@code health/state} value, or empty for a code this collector does not know. */
    public static Optional<String> stateName(double code) {
        if (code == 0) {
            return Optional.of("ok");
        }
        if (code == 1) {
            return Optional.of("degraded");
        }
        if (code == 2) {
            return Optional.of("bootstrap");
        }
        return Optional.empty();
    }
}
