// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;

/** Deterministic readings and small file helpers for the queue tests. */
final class TestReadings {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private TestReadings() {}

    /** Reading number {@code i}: its value is {@code i + 0.5}, so a reading names its own position. */
    static Reading reading(long i) {
        return new Reading("env0", Channel.AMBIENT_TEMPERATURE, i + 0.5, i * 1_000_000L, T0.plusMillis(i));
    }

    static List<Reading> readings(long from, int count) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(reading(from + i));
        }
        return out;
    }

    /** Every reading the queue holds, by peeking in batches without acknowledging. */
    static List<Reading> drainWithoutAck(DurableReadingQueue queue) {
        List<Reading> all = new ArrayList<>();
        Batch batch;
        while ((batch = queue.peek(1000).orElse(null)) != null) {
            all.addAll(batch.readings());
            queue.acknowledge(batch);
        }
        return all;
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(Segment.SUFFIX))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("queue.lock")) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
