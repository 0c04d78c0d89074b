// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

/**
 * How readings are named on the wire (RFC 8428 §4.5.1): a node's base name is {@code urn:dev:ops:<node id>:}, a
 * series is {@code <sensor>/<quantity>} under it ({@code env0/temperature}: a {@link SensorIds sensor id} and a
 * {@link Quantities quantity}). A node sends series names alone, since the DTLS session already names the node; a
 * collector files a name without {@code ':'} under the authenticated node and accepts an absolute name only under
 * that node's base name.
 *
 * <p>A node reports its own health as readings of the pseudo-sensor {@value #HEALTH_SENSOR}, numbered and
 * acknowledged like any others: the names below.
 */
public final class SeriesNames {
    /** The sensor id under which a node reports its own health. */
    public static final String HEALTH_SENSOR = "health";

    /** Readings waiting in the node's queue. */
    public static final String HEALTH_QUEUED = HEALTH_SENSOR + "/queued";
    /** Readings the node dropped since its queue was created. */
    public static final String HEALTH_DROPPED = HEALTH_SENSOR + "/dropped";
    /** Battery voltage or charge. */
    public static final String HEALTH_BATTERY = HEALTH_SENSOR + "/battery";
    /** 0 ok, 1 degraded, 2 bootstrap. */
    public static final String HEALTH_STATE = HEALTH_SENSOR + "/state";
    /** The longest the node means to stay silent while it can deliver, in seconds. */
    public static final String HEALTH_REPORT_INTERVAL = HEALTH_SENSOR + "/report_interval";

    /** The node's software version (a string, {@code vs}, sent at start and on change). */
    public static final String HEALTH_SOFTWARE = HEALTH_SENSOR + "/software";
    /** The node's profile: 12 hex digits of its SHA-256, a space, its file name (a string, at start and on change). */
    public static final String HEALTH_PROFILE = HEALTH_SENSOR + "/profile";
    /** Where the node stands, when its profile shares it (a string, at start and on change). */
    public static final String HEALTH_PLACE = HEALTH_SENSOR + "/place";

    private static final String URN_PREFIX = "urn:dev:ops:";

    private SeriesNames() {}

    /** The base name of every record of node {@code nodeId}: {@code urn:dev:ops:<nodeId>:}. */
    public static String baseName(String nodeId) {
        return URN_PREFIX + nodeId + ":";
    }

    /** The series name of one quantity of one sensor: {@code <sensor>/<quantity>}. */
    public static String series(String sensorId, String quantity) {
        return sensorId + "/" + quantity;
    }

    /** True when {@code name} is relative to the node's base name (a series name, which holds no {@code ':'}). */
    public static boolean isRelative(String name) {
        return name.indexOf(':') < 0;
    }
}
