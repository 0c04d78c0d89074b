// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What one disk sync costs where the collector keeps its store: a 4 KiB page (SQLite's page) written and forced to
 * the disk ({@code fdatasync}, as SQLite's WAL sync), the median of {@value #SYNCS}. The one-node latency target is
 * the bare server's latency plus this.
 */
final class DiskSync {
    static final int SYNCS = 50;
    private static final int PAGE = 4096;

    private DiskSync() {}

    /** The median milliseconds of one page write and sync in {@code directory}. */
    static double medianMillis(Path directory) throws IOException {
        Path file = Files.createTempFile(directory, "sync-probe", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            double[] millis = new double[SYNCS];
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            for (int i = 0; i < SYNCS; i++) {
                page.clear();
                page.putInt(0, i);
                long start = System.nanoTime();
                channel.write(page, (long) (i % 8) * PAGE);
                channel.force(false);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            return millis[SYNCS / 2];
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
