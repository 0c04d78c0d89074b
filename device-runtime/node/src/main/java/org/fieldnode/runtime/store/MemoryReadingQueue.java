// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * A bounded queue in memory: readings survive link outages but not a restart. The durable, crash-safe queue on
 * disk replaces it where readings must survive power cuts; this one serves the demo and tests.
 */
public final class MemoryReadingQueue implements ReadingQueue {
    private final int capacity;
    private final ArrayDeque<Reading> readings = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long dropped;
    private long headSequence;

    public MemoryReadingQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void append(List<Reading> batch) {
        lock.lock();
        try {
            for (Reading r : batch) {
                if (readings.size() == capacity) {
                    readings.removeFirst();
                    headSequence++;
                    dropped++;
                    if (dropped == 1 || Long.bitCount(dropped) == 1) {
                        Logger.warn("Reading queue full ({} readings): dropped {} oldest so far", capacity, dropped);
                    }
                }
                readings.addLast(r);
            }
            if (!readings.isEmpty()) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Batch> peek(int max) {
        lock.lock();
        try {
            if (readings.isEmpty()) {
                return Optional.empty();
            }
            List<Reading> head = new ArrayList<>(Math.min(max, readings.size()));
            Iterator<Reading> it = readings.iterator();
            while (it.hasNext() && head.size() < max) {
                head.add(it.next());
            }
            return Optional.of(new Batch(headSequence, head));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void acknowledge(Batch batch) {
        lock.lock();
        try {
            long end = batch.sequence() + batch.readings().size();
            if (end > headSequence + readings.size()) {
                throw new IllegalArgumentException(
                        "batch " + batch.sequence() + ".." + (end - 1) + " was never queued (queue holds "
                                + headSequence + ".." + (headSequence + readings.size() - 1) + ")");
            }
            while (headSequence < end) {
                readings.removeFirst();
                headSequence++;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nextSequence() {
        lock.lock();
        try {
            return headSequence + readings.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return readings.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitReadings(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (readings.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // Nothing to release: the readings live on the heap.
    }

    @Override
    public String toString() {
        return "MemoryReadingQueue[size=" + size() + ", capacity=" + capacity + "]";
    }
}
