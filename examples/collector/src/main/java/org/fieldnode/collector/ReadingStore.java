// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The collector's readings and devices. Implementations are thread-safe.
 *
 * <p><b>Contract.</b> {@link #storeNew} is atomic: a batch is stored whole or not at all, and each reading at most
 * once per (device, reading sequence). A node that retransmits a batch whose acknowledgement it lost, even batched
 * differently after a restart, changes nothing but the device's last-seen time. When {@code storeNew} returns, the
 * batch is committed as durably as the implementation promises; only then may the collector acknowledge it. A
 * failed call throws {@link StoreException} and has stored nothing, so the node must send the batch again.
 *
 * <p><b>No silent discard</b> (SECURITY R28). A reading that arrives again under a stored (device, sequence) is a
 * retransmission only when its content is the same ({@link ReadingContent#sameReading}); otherwise the whole batch
 * is refused with {@link SequenceConflictException} and nothing of it is stored, so that it is never acknowledged
 * as already stored. A stored reading found damaged on the way is a {@link StoreIntegrityException}.
 *
 * <p>{@link MemoryReadingStore} keeps everything in memory (the demo); {@code sqlite.SqliteReadingStore} keeps it
 * in one SQLite file (the pilot's collector).
 */
public interface ReadingStore extends AutoCloseable {
    /**
     * Stores the readings of one batch that are not stored yet, atomically, and marks their device as seen at
     * {@code receivedAt} (also when every reading was known).
     *
     * @param device the authenticated identity that sent the batch; every reading's device must equal it
     * @return the readings newly stored, in batch order; those whose (device, sequence) was stored before with the
     *     same content are skipped
     * @throws SequenceConflictException when a reading's (device, sequence) was stored before with other content
     * @throws StoreException when nothing of the batch could be stored
     */
    List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch) throws StoreException;

    /** One batch handed to {@link #storeGroup}: what {@link #storeNew} takes. */
    record IncomingBatch(String device, Instant receivedAt, List<StoredReading> readings) {
        public IncomingBatch {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(receivedAt, "receivedAt");
            readings = List.copyOf(readings);
        }
    }

    /** What became of one batch of a group. */
    sealed interface GroupOutcome {
        /** The outcome of one {@link #storeNew} call. */
        static GroupOutcome of(Store store) {
            try {
                return new Added(store.store());
            } catch (SequenceConflictException e) {
                return new Conflicted(e);
            } catch (StoreException e) {
                return new Failed(e);
            }
        }

        /** One call of {@link #storeNew}. */
        @FunctionalInterface
        interface Store {
            List<StoredReading> store() throws StoreException;
        }

        /** Committed: the readings newly stored, in batch order (empty when every one was stored before). */
        record Added(List<StoredReading> readings) implements GroupOutcome {}

        /** Nothing of this batch was stored; the node must send it again. */
        record Failed(StoreException cause) implements GroupOutcome {}

        /**
         * Nothing of this batch was stored because it contradicts stored readings (SECURITY R28): sending it again
         * cannot help, and it must not be acknowledged.
         */
        record Conflicted(SequenceConflictException conflict) implements GroupOutcome {}
    }

    /**
     * Stores several batches with one commit (group commit): one durable write for all of them instead of one per
     * batch. Each batch keeps {@link #storeNew}'s contract on its own: it is stored whole or not at all, and a batch
     * that fails or conflicts ({@link GroupOutcome.Conflicted}) stores nothing while the others of the group are
     * stored. When this returns, every {@link
     * GroupOutcome.Added} batch is committed; if the commit itself fails, every batch is {@link
     * GroupOutcome.Failed}. The default stores the batches one by one.
     *
     * @return one outcome per batch, in the order of {@code batches}
     * @throws IllegalArgumentException when a reading's device is not its batch's device
     */
    default List<GroupOutcome> storeGroup(List<IncomingBatch> batches) {
        List<GroupOutcome> outcomes = new ArrayList<>(batches.size());
        for (IncomingBatch batch : batches) {
            outcomes.add(GroupOutcome.of(() -> storeNew(batch.device(), batch.receivedAt(), batch.readings())));
        }
        return outcomes;
    }

    /**
     * Hands {@code sink} every reading that passes {@code filter}, ordered by observation time, then device, then
     * sequence, without loading them all into memory.
     *
     * @throws IOException what {@code sink} threw, which ends the scan
     */
    void scan(ReadingFilter filter, ReadingSink sink) throws IOException;

    /** The distinct (name, unit) series among the readings that pass {@code filter}, sorted. */
    List<SeriesKey> series(ReadingFilter filter) throws StoreException;

    /** The latest {@code limit} readings of one series of one device, oldest first. */
    List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException;

    /** Every device ever seen, sorted by identity. */
    List<DeviceSummary> devices() throws StoreException;

    /**
     * Deletes readings observed before {@code cutoff} (retention). Devices stay listed.
     *
     * @return how many readings were deleted
     */
    long deleteObservedBefore(Instant cutoff) throws StoreException;

    /** How many readings are stored. */
    long count() throws StoreException;

    /** How many readings are stored, for tests and the demo; a storage failure is an {@link UncheckedIOException}. */
    default int size() {
        try {
            return Math.toIntExact(count());
        } catch (StoreException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every stored reading in {@link #scan} order, loaded into memory: for tests and the demo, not for a pilot's
     * store (use {@link #scan}). A storage failure is an {@link UncheckedIOException}.
     */
    default List<StoredReading> all() {
        List<StoredReading> all = new ArrayList<>();
        try {
            scan(ReadingFilter.ALL, all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Releases the store; idempotent. Never throws: a failure to close is logged. */
    @Override
    void close();
}
