// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.time.Duration;
import java.util.List;
import org.fieldnode.runtime.pipeline.Reading;

/**
 * Readings waiting for the collector, oldest first. The sampler appends; the delivery loop peeks a batch, sends
 * it, and removes it only once the collector has acknowledged it, so a failed send loses nothing.
 *
 * <p>Implementations are safe for one appending thread and one delivering thread.
 */
public interface ReadingQueue extends AutoCloseable {
    /** Appends readings; when full, the oldest readings are dropped and counted. */
    void append(List<Reading> readings);

    /** Up to {@code max} readings from the head, without removing them. */
    List<Reading> peek(int max);

    /**
     * Removes the {@code count} readings at the head, which must be the ones last peeked and acknowledged.
     *
     * @throws IllegalArgumentException when fewer are queued
     */
    void remove(int count);

    /** Readings waiting now. */
    int size();

    /** Readings dropped because the queue was full. */
    long dropped();

    /** Waits until a reading is queued or {@code timeout} passes; true when one is queued. */
    boolean awaitReadings(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
