// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Persists the {@link DeliveryCursor}'s state in the metadata file ({@link QueueMetadata}, replaced whole and
 * atomically: two fsyncs a write). When:
 *
 * <ul>
 *   <li>acknowledgements ({@link #writeSoon}): at once when the last write is a second old, else once that second
 *       has passed, on the flusher thread. So the head is persisted <b>at most once per second</b>; after a crash up
 *       to a second of acknowledged readings is delivered again, and the collector discards them by sequence;
 *   <li>drops and recovery ({@link #writeNow}): at once, before the readings leave the device;
 *   <li>close ({@link #close}): the last state, when it was not written yet.
 * </ul>
 *
 * <p>Thread-safe. Its own lock serialises the writes and guards what was written when, so an older snapshot never
 * replaces a newer one. The queue calls {@link #writeSoon} without its shared lock ({@link QueueLocks}: appends and
 * status do not wait for an acknowledgement's fsyncs), {@link #writeNow} and {@link #close} holding it. This class
 * never takes the shared lock while holding its own: {@code latest} is called before.
 */
final class MetadataWriter {
    /** The least time between two writes for acknowledgements. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The metadata at one moment, and the cursor's version of it: higher is newer. */
    record Snapshot(QueueMetadata metadata, long version) {
        Snapshot newer(Snapshot other) {
            return other != null && other.version > version ? other : this;
        }
    }

    private final Path directory;
    private final StorageIo io;
    private final LongSupplier ticker;
    private final ScheduledExecutorService flusher;
    private final Supplier<Snapshot> latest;
    private final ReentrantLock lock = new ReentrantLock();

    // All below guarded by lock.
    private long writtenVersion;
    private Snapshot wanted; // the newest snapshot handed to writeSoon
    private long lastWrite;
    private ScheduledFuture<?> pending;
    private boolean closed;

    /**
     * @param latest the cursor's state now, taken under the queue's lock, or null once the queue is closed
     * @param flusher runs the deferred writes
     */
    MetadataWriter(
            Path directory,
            StorageIo io,
            LongSupplier ticker,
            ScheduledExecutorService flusher,
            Supplier<Snapshot> latest) {
        this.directory = directory;
        this.io = io;
        this.ticker = ticker;
        this.flusher = flusher;
        this.latest = latest;
        this.lastWrite = ticker.getAsLong() - INTERVAL_NANOS;
    }

    /** Writes {@code snapshot} now, whatever was written before. */
    void writeNow(Snapshot snapshot) throws IOException {
        lock.lock();
        try {
            write(snapshot);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code snapshot} now when the last write is a second old, else once that second has passed (the newest
     * state then). Never throws: a failed write is logged and tried again at the next acknowledgement or close.
     */
    void writeSoon(Snapshot snapshot) {
        lock.lock();
        try {
            if (closed || snapshot.version() <= writtenVersion) {
                return;
            }
            wanted = snapshot.newer(wanted);
            long wait = lastWrite + INTERVAL_NANOS - ticker.getAsLong();
            if (wait <= 0) {
                writeQuietly(wanted);
            } else if (pending == null) {
                pending = flusher.schedule(this::catchUp, wait, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The deferred write, on the flusher thread: the newest state, unless it was written meanwhile. */
    private void catchUp() {
        Snapshot now = latest.get(); // takes the queue's lock: before this one
        lock.lock();
        try {
            pending = null;
            Snapshot newest = now == null ? wanted : now.newer(wanted);
            if (!closed && newest != null && newest.version() > writtenVersion) {
                writeQuietly(newest);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code last} unless it is written already, then writes nothing more; once. */
    void close(Snapshot last) throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (last.version() > writtenVersion) {
                write(last);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes nothing more, like a killed process. */
    void abandon() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void writeQuietly(Snapshot snapshot) {
        try {
            write(snapshot);
        } catch (ClosedByInterruptException e) {
            // The delivery thread was stopped mid-write (the node is stopping): the file was replaced atomically or
            // not at all, and close writes this state.
            Logger.debug("Persisting the reading queue's acknowledged head was interrupted; close writes it");
        } catch (IOException e) {
            Logger.warn("Cannot persist the reading queue's acknowledged head in {}: {}", directory, e);
        }
    }

    private void write(Snapshot snapshot) throws IOException {
        snapshot.metadata().write(directory, io);
        writtenVersion = Math.max(writtenVersion, snapshot.version());
        lastWrite = ticker.getAsLong();
    }
}
