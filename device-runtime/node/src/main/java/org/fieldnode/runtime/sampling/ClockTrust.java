// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

/**
 * Whether the wall clock can be trusted right now (synchronised by NTP, or set from an RTC). Asked before every
 * sample is scheduled: while it says yes, samples align to the wall clock (a 5-minute sensor samples at :00, :05,
 * …); while it says no, they follow the monotonic clock from the last sample. Must be cheap and must not block.
 */
@FunctionalInterface
public interface ClockTrust {
    boolean trusted();

    /** A clock that is never trusted: schedules follow the monotonic clock only. */
    static ClockTrust never() {
        return () -> false;
    }

    /** A clock that is always trusted, for hosts whose clock is known to be synchronised. */
    static ClockTrust always() {
        return () -> true;
    }
}
