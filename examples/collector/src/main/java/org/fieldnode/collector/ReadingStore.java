// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The collector's readings, in memory (the SQLite store replaces it later). Thread-safe. A batch is stored whole
 * or not at all, and each reading at most once per (device, reading sequence): a node that retransmits a batch
 * whose acknowledgement it lost, even batched differently after a restart, changes nothing here.
 */
public final class ReadingStore {
    private record ReadingKey(String device, long sequence) {}

    private final List<StoredReading> readings = new ArrayList<>();
    private final Set<ReadingKey> keys = new HashSet<>();

    ReadingStore() {}

    /**
     * Stores the readings of one batch that are not stored yet, atomically.
     *
     * @return the readings newly stored; those whose (device, sequence) was stored before are skipped
     */
    synchronized List<StoredReading> storeNew(List<StoredReading> batch) {
        List<StoredReading> added = new ArrayList<>(batch.size());
        for (StoredReading r : batch) {
            if (keys.add(new ReadingKey(r.device(), r.sequence()))) {
                added.add(r);
            }
        }
        readings.addAll(added);
        return added;
    }

    /** A snapshot of every stored reading, in the order stored. */
    public synchronized List<StoredReading> all() {
        return List.copyOf(readings);
    }

    /** How many readings are stored. */
    public synchronized int size() {
        return readings.size();
    }
}
