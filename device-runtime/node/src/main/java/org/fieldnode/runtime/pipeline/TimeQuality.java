// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

/**
 * How far a reading's time can be trusted. A node may boot with no RTC and no network: until NTP (or an RTC)
 * makes the wall clock trustworthy, readings carry the free-running clock and are marked {@link #UNSYNCED}; the
 * node corrects those of its own run from the monotonic clock once the wall clock is trusted.
 */
public enum TimeQuality {
    /** Taken, or corrected, while the wall clock was synchronised (NTP or an RTC). */
    SYNCED,
    /** Taken on a free-running clock that no source had set: the time may be far off. */
    UNSYNCED
}
