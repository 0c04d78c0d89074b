// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;

/**
 * Readings waiting for the collector, oldest first. The sampler appends; the delivery loop peeks a batch, sends
 * it, and acknowledges it only once the collector has stored it, so a failed send loses nothing.
 *
 * <p>Every appended reading gets the next sequence number of this node, never reused (also across restarts for a
 * durable queue); the queue always holds a run of consecutive numbers, because readings leave only from the
 * head (acknowledged, or dropped oldest-first when the queue is full).
 *
 * <p>Implementations are safe for one appending thread and one delivering thread.
 */
public interface ReadingQueue extends AutoCloseable {
    /** Appends readings, numbering them; when full, the oldest readings are dropped and counted. */
    void append(List<Reading> readings);

    /** Up to {@code max} readings from the head as a batch, without removing them; empty when none is queued. */
    Optional<Batch> peek(int max);

    /**
     * Removes the readings of {@code batch} that are still queued (some may have been dropped meanwhile). Readings
     * appended after the batch was peeked stay.
     */
    void acknowledge(Batch batch);

    /** Readings waiting now. */
    int size();

    /** Readings dropped because the queue was full, since the queue was created. */
    long dropped();

    /** The sequence number the next appended reading gets. */
    long nextSequence();

    /** Waits until a reading is queued or {@code timeout} passes; true when one is queued. */
    boolean awaitReadings(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
