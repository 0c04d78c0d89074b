// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fieldnode.collector.StoredReading;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * Batches committed per second by {@link SqliteReadingStore#storeNew}, with {@code synchronous=FULL} (what the
 * collector uses) against {@code NORMAL}, on the file system of {@code args[0]} (default: a temporary directory).
 * Not a test and never a gate; run by hand:
 *
 * <pre>
 * java -cp "$(cat target/test-classpath.txt)" org.fieldnode.collector.sqlite.SqliteIngestBenchmark DIR
 * </pre>
 *
 * Each round stores {@code BATCHES} batches of 4 readings (a weather station's sample) from 100 devices, 5 rounds
 * per mode after one warm-up round; prints the median and the spread.
 */
public final class SqliteIngestBenchmark {
    private static final int BATCHES = 2_000;
    private static final int ROUNDS = 5;

    private SqliteIngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ingest-bench");
        for (SynchronousMode mode : List.of(SynchronousMode.FULL, SynchronousMode.NORMAL)) {
            double[] rates = new double[ROUNDS];
            for (int round = -1; round < ROUNDS; round++) {
                Path file = Files.createTempDirectory(base, "round").resolve("collector.db");
                try (SqliteReadingStore store = SqliteReadingStore.open(file, mode)) {
                    long start = System.nanoTime();
                    for (int b = 0; b < BATCHES; b++) {
                        String device = "node-" + (b % 100);
                        long first = 4L * (b / 100);
                        List<StoredReading> batch = new ArrayList<>(4);
                        for (int i = 0; i < 4; i++) {
                            batch.add(new StoredReading(
                                    device,
                                    "env0/q" + i,
                                    20 + i,
                                    "Cel",
                                    Instant.ofEpochSecond(1_772_366_400L + b),
                                    first + i));
                        }
                        store.storeNew(device, Instant.now(), batch);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (round >= 0) {
                        rates[round] = BATCHES / seconds;
                    }
                }
            }
            Arrays.sort(rates);
            System.out.printf(
                    "synchronous=%s batches/s median=%.0f min=%.0f max=%.0f (%d batches x 4 readings, %d rounds)%n",
                    mode, rates[ROUNDS / 2], rates[0], rates[ROUNDS - 1], BATCHES, ROUNDS);
        }
    }
}
