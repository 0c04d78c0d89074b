// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.node;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingSink;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;

/** A {@link ReadingStore} that counts the batches (one per acknowledged POST) and readings each device sent. */
final class CountingStore implements ReadingStore {
    private final ReadingStore store;
    private final Map<String, LongAdder> batches = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> readings = new ConcurrentHashMap<>();

    CountingStore(ReadingStore store) {
        this.store = store;
    }

    /** POSTs of readings {@code device} sent that reached the store, retransmissions included. */
    long batches(String device) {
        LongAdder count = batches.get(device);
        return count == null ? 0 : count.sum();
    }

    /** Readings newly stored for {@code device}. */
    long readings(String device) {
        LongAdder count = readings.get(device);
        return count == null ? 0 : count.sum();
    }

    @Override
    public List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws StoreException {
        List<StoredReading> added = store.storeNew(device, receivedAt, batch);
        batches.computeIfAbsent(device, d -> new LongAdder()).increment();
        readings.computeIfAbsent(device, d -> new LongAdder()).add(added.size());
        return added;
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        store.scan(filter, sink);
    }

    @Override
    public List<SeriesKey> series(ReadingFilter filter) throws StoreException {
        return store.series(filter);
    }

    @Override
    public List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException {
        return store.recent(device, series, limit);
    }

    @Override
    public List<DeviceSummary> devices() throws StoreException {
        return store.devices();
    }

    @Override
    public long deleteObservedBefore(Instant cutoff) throws StoreException {
        return store.deleteObservedBefore(cutoff);
    }

    @Override
    public long count() throws StoreException {
        return store.count();
    }

    @Override
    public void close() {
        store.close();
    }
}
