// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link ReadingStore} in memory, for the demo and tests: nothing survives the process. Thread-safe (one lock).
 * Keeps no health history, only each device's latest figures.
 */
public final class MemoryReadingStore implements ReadingStore {
    /** {@link ReadingQueries#scan} order. */
    static final Comparator<StoredReading> SCAN_ORDER = Comparator.comparing(StoredReading::time)
            .thenComparing(StoredReading::device)
            .thenComparingLong(StoredReading::sequence);

    /** (device, sequence) for a numbered reading; (device, series, time) for one from a client without {@code s=}. */
    private record ReadingKey(String device, long sequence, SeriesKey series, Instant time) {
        static ReadingKey of(StoredReading r) {
            return r.sequenced()
                    ? new ReadingKey(r.device(), r.sequence(), null, null)
                    : new ReadingKey(
                            r.device(), StoredReading.NO_SEQUENCE, new SeriesKey(r.name(), r.unit()), r.time());
        }
    }

    private final List<StoredReading> readings = new ArrayList<>();
    private final Map<ReadingKey, StoredReading> keys = new HashMap<>();
    private final Map<String, DeviceSummary> devices = new TreeMap<>();

    @Override
    public synchronized List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws SequenceConflictException {
        IncomingBatch.checkDevice(device, batch);
        List<StoredReading> added = new ArrayList<>(batch.size());
        Set<ReadingKey> inBatch = new HashSet<>();
        for (StoredReading r : batch) {
            ReadingKey key = ReadingKey.of(r);
            StoredReading stored = keys.get(key);
            if (stored != null && !ReadingContent.sameReading(stored, r)) {
                throw new SequenceConflictException(device, r.sequence());
            }
            if (stored == null && inBatch.add(key)) {
                added.add(r);
            }
        }
        for (StoredReading r : added) {
            keys.put(ReadingKey.of(r), r);
        }
        readings.addAll(added);
        DeviceSummary before = devices.get(device);
        DeviceSummary seen = before == null
                ? new DeviceSummary(
                        device,
                        receivedAt,
                        receivedAt,
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        "")
                : new DeviceSummary(
                        device,
                        before.firstSeen(),
                        receivedAt,
                        before.nodeState(),
                        before.queueDepth(),
                        before.dropped(),
                        before.battery(),
                        before.batteryUnit());
        devices.put(device, DeviceHealth.of(added).map(h -> merge(seen, h)).orElse(seen));
        return added;
    }

    private static DeviceSummary merge(DeviceSummary s, DeviceHealth h) {
        return new DeviceSummary(
                s.device(),
                s.firstSeen(),
                s.lastSeen(),
                h.state().or(s::nodeState),
                h.queueDepth().isPresent() ? h.queueDepth() : s.queueDepth(),
                h.dropped().isPresent() ? h.dropped() : s.dropped(),
                h.battery().isPresent() ? h.battery() : s.battery(),
                h.battery().isPresent() ? h.batteryUnit() : s.batteryUnit());
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        List<StoredReading> selected;
        synchronized (this) {
            selected =
                    readings.stream().filter(filter::accepts).sorted(SCAN_ORDER).toList();
        }
        for (StoredReading r : selected) {
            sink.accept(r);
        }
    }

    @Override
    public synchronized List<SeriesKey> series(ReadingFilter filter) {
        Set<SeriesKey> series = new TreeSet<>();
        readings.stream().filter(filter::accepts).forEach(r -> series.add(new SeriesKey(r.name(), r.unit())));
        return List.copyOf(series);
    }

    @Override
    public synchronized List<StoredReading> recent(String device, SeriesKey series, int limit) {
        List<StoredReading> matching = readings.stream()
                .filter(r -> r.device().equals(device)
                        && r.name().equals(series.name())
                        && r.unit().equals(series.unit()))
                .sorted(Comparator.comparing(StoredReading::time).thenComparingLong(StoredReading::sequence))
                .toList();
        return List.copyOf(matching.subList(Math.max(0, matching.size() - limit), matching.size()));
    }

    @Override
    public synchronized List<DeviceSummary> devices() {
        return List.copyOf(devices.values()); // a TreeMap: sorted by identity
    }

    @Override
    public synchronized long deleteObservedBefore(Instant cutoff) {
        int before = readings.size();
        readings.removeIf(r -> {
            boolean old = r.time().isBefore(cutoff);
            if (old) {
                keys.remove(ReadingKey.of(r));
            }
            return old;
        });
        return before - readings.size();
    }

    @Override
    public synchronized long count() {
        return readings.size();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
