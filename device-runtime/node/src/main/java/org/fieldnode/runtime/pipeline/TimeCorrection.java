// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives readings taken before the wall clock was synchronised their absolute time, once it is: a reading's
 * monotonic stamp says how long before "now" it was taken, and that holds across any step of the wall clock. Only
 * readings of the current run can be corrected (an earlier run's monotonic clock had another origin); the others
 * keep {@link TimeQuality#UNSYNCED} so the collector knows their time is doubtful.
 */
public final class TimeCorrection {
    private TimeCorrection() {}

    /**
     * @param firstSequenceOfRun the sequence number of the first reading queued by this run
     * @param wallNow the synchronised wall clock now
     * @param monotonicNow the monotonic clock the readings were stamped with, now
     * @return {@code batch} itself when nothing needed correcting
     */
    public static Batch correct(Batch batch, long firstSequenceOfRun, Instant wallNow, long monotonicNow) {
        List<Reading> readings = batch.readings();
        List<Reading> corrected = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            if (r.timeQuality() == TimeQuality.UNSYNCED && batch.sequence() + i >= firstSequenceOfRun) {
                if (corrected == null) {
                    corrected = new ArrayList<>(readings);
                }
                Instant at = wallNow.minusNanos(monotonicNow - r.monotonicNanos());
                corrected.set(i, r.withSyncedTime(at.truncatedTo(ChronoUnit.MILLIS)));
            }
        }
        return corrected == null ? batch : new Batch(batch.sequence(), corrected);
    }
}
