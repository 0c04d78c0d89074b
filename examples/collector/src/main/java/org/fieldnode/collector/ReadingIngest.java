// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The write side of the collector's readings: batches in, each reading stored exactly once. Implementations are
 * thread-safe.
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
 * as already stored. A stored reading found damaged on the way is a {@link StoreIntegrityException}. Stores that
 * keep digests apply {@link ReadingContent#checkRetransmission}.
 */
public interface ReadingIngest {
    /**
     * Stores the readings of one batch that are not stored yet, atomically, and marks their device as seen at
     * {@code receivedAt} (also when every reading was known).
     *
     * @param device the authenticated identity that sent the batch; every reading's device must equal it
     * @return the readings newly stored, in batch order; those whose (device, sequence) was stored before with the
     *     same content are skipped
     * @throws SequenceConflictException when a reading's (device, sequence) was stored before with other content
     * @throws StoreException when nothing of the batch could be stored
     * @throws IllegalArgumentException when a reading's device is not {@code device}
     */
    List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch) throws StoreException;

    /**
     * One batch handed to {@link #storeGroup}: what {@link #storeNew} takes, and each reading's {@link
     * ReadingContent#digest} (in batch order), worked out here when the batch is made: on the thread that decoded the
     * request, not on the store's single committing thread. Nobody hands digests in, so they always are the readings'.
     */
    final class IncomingBatch {
        private final String device;
        private final Instant receivedAt;
        private final List<StoredReading> readings;
        private final List<byte[]> digests;

        public IncomingBatch(String device, Instant receivedAt, List<StoredReading> readings) {
            this.device = Objects.requireNonNull(device, "device");
            this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
            this.readings = List.copyOf(readings);
            List<byte[]> digests = new ArrayList<>(this.readings.size());
            for (StoredReading r : this.readings) {
                digests.add(ReadingContent.digest(r));
            }
            this.digests = Collections.unmodifiableList(digests);
        }

        public String device() {
            return device;
        }

        public Instant receivedAt() {
            return receivedAt;
        }

        public List<StoredReading> readings() {
            return readings;
        }

        /** The digest of each reading, in batch order; the arrays are shared, and nobody writes them. */
        public List<byte[]> digests() {
            return digests;
        }

        /**
         * Checks that every reading is {@code device}'s.
         *
         * @throws IllegalArgumentException naming the first reading of another device
         */
        public static void checkDevice(String device, List<StoredReading> readings) {
            for (StoredReading r : readings) {
                if (!r.device().equals(device)) {
                    throw new IllegalArgumentException("reading of " + r.device() + " in a batch of " + device);
                }
            }
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

        /** {@code count} outcomes, each {@link Failed} with {@code cause}: a group none of which was stored. */
        static List<GroupOutcome> failedAll(int count, StoreException cause) {
            List<GroupOutcome> failed = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                failed.add(new Failed(cause));
            }
            return failed;
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
     * stored. When this returns, every {@link GroupOutcome.Added} batch is committed; if the commit itself fails,
     * every batch is {@link GroupOutcome.Failed}. The default stores the batches one by one.
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
}
