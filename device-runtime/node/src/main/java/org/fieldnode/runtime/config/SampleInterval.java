// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.time.Duration;

/**
 * The one rule for how often a sensor is sampled, wherever it is set: a profile's {@code sensors[].interval}, the
 * desired configuration's {@code interval.<sensor>}, and the scheduler that runs it. Faster than once a second, a
 * node's queue and metered uplink would fill with readings no village application needs; slower than once a day, a
 * sensor's silence could no longer be told from its failure.
 *
 * <p>JDK only, so that the wire contract can carry the same class.
 */
public final class SampleInterval {
    public static final Duration MIN = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofDays(1);

    /** A sensor without {@code interval:} is sampled once a minute. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private SampleInterval() {}

    /** True when {@code interval} is from {@link #MIN} to {@link #MAX}, both included. */
    public static boolean isValid(Duration interval) {
        return interval != null && interval.compareTo(MIN) >= 0 && interval.compareTo(MAX) <= 0;
    }
}
