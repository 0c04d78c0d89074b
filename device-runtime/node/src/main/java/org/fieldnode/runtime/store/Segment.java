// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One append-only segment file of the queue, named after its base sequence in 16 hex digits
 * ({@code 000000000000002a.seg}). Segments are consecutive: a segment's readings end where the next one's base
 * begins. Only the last segment is appended to.
 *
 * <pre>
 * segment := header record*
 * header (20 bytes, big-endian; written under a temporary name, synced, then renamed: never torn)
 *   0   4   magic "FNQS"
 *   4   1   format version, 2 (the record payload format, see RecordCodec; 2 added the time-quality flag)
 *   5   3   reserved, 0
 *   8   8   base sequence (equals the file name)
 *  16   4   CRC-32C of bytes 0..15
 * record (7 + N bytes)
 *   0   1   marker 0xF1 (never 0x00, so a zero-filled tail is never a record)
 *   1   2   payload length N, 1..4096, big-endian
 *   3   4   CRC-32C of bytes 0..2 and the payload
 *   7   N   payload (RecordCodec)
 * </pre>
 *
 * A record is valid only when its marker, length and checksum all match. After an invalid record the reader
 * searches forward, byte by byte, for the next valid one: what lies between is a damaged record, skipped and
 * counted. An invalid region with no valid record after it, at the end of the last segment, is a torn tail: an
 * append that a crash interrupted.
 */
final class Segment {
    static final String SUFFIX = ".seg";
    static final int HEADER_BYTES = 20;
    static final int FRAME_OVERHEAD = 7;
    /** The longest payload a frame holds; a record ({@link RecordCodec}) is sized to fit it. */
    static final int MAX_PAYLOAD = 4096;

    private static final byte MARKER = (byte) 0xF1;
    private static final int MAGIC = 0x464E5153; // "FNQS"
    private static final byte VERSION = 2;
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{16}\\.seg");
    private static final int RESYNC_WINDOW = 64 << 10;

    final long base;
    final Path path;
    /** Bytes of the file that belong to the queue; for the last segment, where the next record goes. */
    long size;

    private FileChannel channel;
    private boolean writable;

    private Segment(long base, Path path, long size) {
        this.base = base;
        this.path = path;
        this.size = size;
    }

    static String fileName(long base) {
        return "%016x%s".formatted(base, SUFFIX);
    }

    /** The base sequence named by a segment file name, or empty for any other file. */
    static OptionalLong baseOf(String fileName) {
        return NAME.matcher(fileName).matches()
                ? OptionalLong.of(Long.parseUnsignedLong(fileName.substring(0, 16), 16))
                : OptionalLong.empty();
    }

    /** Creates a segment with only its header, atomically (temporary name, fsync, rename, directory fsync). */
    static Segment create(Path directory, long base, StorageIo io) throws IOException {
        Path path = directory.resolve(fileName(base));
        Path temp = directory.resolve(fileName(base) + StorageIo.TEMP_SUFFIX);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            io.write(out, header(base), 0);
            io.force(out);
        }
        io.rename(temp, path);
        io.forceDirectory(directory);
        return new Segment(base, path, HEADER_BYTES);
    }

    /**
     * An existing segment file.
     *
     * @return the segment, whose header is checked by {@link #headerIntact()}
     */
    static Segment existing(Path path, long base, long size) {
        return new Segment(base, path, size);
    }

    private static ByteBuffer header(long base) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.putInt(MAGIC).put(VERSION).put((byte) 0).putShort((short) 0).putLong(base);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Checks the header: true when intact, false when damaged (the records are still read, with the base from
     * the file name).
     *
     * @throws IOException when the header is intact but of a format version this code does not read
     */
    boolean headerIntact() throws IOException {
        if (size < HEADER_BYTES) {
            return false;
        }
        ByteBuffer b = read(0, HEADER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        if (b.getInt(0) != MAGIC || b.getInt(16) != (int) crc.getValue() || b.getLong(8) != base) {
            return false;
        }
        if (b.get(4) != VERSION) {
            throw new IOException(path + " has queue format version " + b.get(4) + "; this fieldnode reads version "
                    + VERSION + ": upgrade fieldnode or move the queue directory aside");
        }
        return true;
    }

    /** The record frame around {@code payload}. */
    static ByteBuffer frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
        b.put(MARKER).putShort((short) payload.length);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 3);
        crc.update(payload);
        b.putInt((int) crc.getValue()).put(payload);
        return b.flip();
    }

    /** What lies at an offset of a segment. */
    sealed interface Frame {
        /** A record whose marker, length and checksum match. */
        record Valid(long offset, byte[] payload, long next) implements Frame {}

        /** Not a valid record. */
        record Invalid(long offset) implements Frame {}

        /** The offset is the end. */
        record End() implements Frame {}
    }

    /** Reads the frame at {@code offset}, looking no further than {@code limit}. */
    Frame readFrame(long offset, long limit) throws IOException {
        if (offset >= limit) {
            return new Frame.End();
        }
        if (limit - offset < FRAME_OVERHEAD + 1) {
            return new Frame.Invalid(offset);
        }
        ByteBuffer head = read(offset, FRAME_OVERHEAD);
        int length = head.getShort(1) & 0xFFFF;
        if (head.get(0) != MARKER || length < 1 || length > MAX_PAYLOAD || offset + FRAME_OVERHEAD + length > limit) {
            return new Frame.Invalid(offset);
        }
        byte[] payload = read(offset + FRAME_OVERHEAD, length).array();
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, 3);
        crc.update(payload);
        if (head.getInt(3) != (int) crc.getValue()) {
            return new Frame.Invalid(offset);
        }
        return new Frame.Valid(offset, payload, offset + FRAME_OVERHEAD + length);
    }

    /** The offset of the first valid record after {@code from} and before {@code limit}, or -1. */
    long resync(long from, long limit) throws IOException {
        long windowStart = from + 1;
        while (windowStart < limit) {
            int length = (int) Math.min(RESYNC_WINDOW, limit - windowStart);
            ByteBuffer window = read(windowStart, length);
            for (int i = 0; i < length; i++) {
                if (window.get(i) == MARKER && readFrame(windowStart + i, limit) instanceof Frame.Valid) {
                    return windowStart + i;
                }
            }
            windowStart += length;
        }
        return -1;
    }

    private ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        FileChannel ch = channel(false);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new IOException(path + " is shorter than expected (" + (offset + b.position()) + " bytes)");
            }
        }
        return b.flip();
    }

    /** The open channel, opened read-only or read-write on first use. */
    FileChannel channel(boolean forWriting) throws IOException {
        if (channel != null && (writable || !forWriting)) {
            return channel;
        }
        close();
        channel = forWriting
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        writable = forWriting;
        return channel;
    }

    /** Closes the channel, if open; never throws. */
    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a file we only read or already synced: nothing to lose.
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + size + " bytes]";
    }
}
