// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The queue's small state file {@value #FILE_NAME}, always replaced whole and atomically
 * ({@link StorageIo#replaceAtomically}). The tail of the queue is not stored: it is derived from the last
 * segment at open.
 *
 * <pre>
 * offset size  field (big-endian)
 *   0     4    magic "FNQM"
 *   4     1    format version, 1
 *   5     3    reserved, 0
 *   8     8    acknowledged head: the first sequence not yet acknowledged (may lag by up to 1 s of acks)
 *  16     8    readings dropped for the disk budget, since the queue was created
 *  24     8    damaged records skipped, since the queue was created
 *  32     8    torn tails cut at open, since the queue was created
 *  40     4    CRC-32C of bytes 0..39
 * </pre>
 */
record QueueMetadata(long acknowledgedHead, long dropped, long corruptRecords, long tornTails) {
    static final String FILE_NAME = "queue.meta";
    static final int BYTES = 44;
    static final QueueMetadata EMPTY = new QueueMetadata(0, 0, 0, 0);

    private static final int MAGIC = 0x464E514D; // "FNQM"
    private static final byte VERSION = 1;

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.putInt(MAGIC).put(VERSION).put((byte) 0).putShort((short) 0);
        b.putLong(acknowledgedHead).putLong(dropped).putLong(corruptRecords).putLong(tornTails);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, BYTES - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The metadata in {@code bytes}, or empty when they are damaged or of another format. */
    static Optional<QueueMetadata> decode(byte[] bytes) {
        if (bytes.length != BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, BYTES - 4);
        if (b.getInt(0) != MAGIC || b.get(4) != VERSION || b.getInt(BYTES - 4) != (int) crc.getValue()) {
            return Optional.empty();
        }
        QueueMetadata m = new QueueMetadata(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32));
        return m.acknowledgedHead() < 0 || m.dropped() < 0 || m.corruptRecords() < 0 || m.tornTails() < 0
                ? Optional.empty()
                : Optional.of(m);
    }

    /** Reads the file in {@code directory}: empty when absent, a failed decode when damaged. */
    static Read read(Path directory) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(directory.resolve(FILE_NAME));
            return decode(bytes).map(m -> new Read(m, false)).orElse(new Read(EMPTY, true));
        } catch (NoSuchFileException e) {
            return new Read(EMPTY, false);
        }
    }

    /** What {@link #read} found. */
    record Read(QueueMetadata metadata, boolean damaged) {}

    void write(Path directory, StorageIo io) throws IOException {
        io.replaceAtomically(directory.resolve(FILE_NAME), encode());
    }
}
