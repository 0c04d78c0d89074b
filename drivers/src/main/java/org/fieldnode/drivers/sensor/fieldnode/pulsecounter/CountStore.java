// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.CRC32;
import org.tinylog.Logger;

/**
 * The running total of a pulse counter, kept in one small file so that it survives a restart or a power cut.
 *
 * <pre>
 * file &lt;state-dir&gt;/&lt;sensor-id&gt;.count, 16 bytes, big-endian:
 *   offset 0  4 bytes  magic "FNPC" (fieldnode pulse count)
 *   offset 4  8 bytes  total pulses, 0 .. 2^63-1
 *   offset 12 4 bytes  CRC-32 (java.util.zip.CRC32) of bytes 0..11
 * </pre>
 *
 * A save writes {@code <name>.tmp}, forces it to the medium, renames it atomically over the file and forces the
 * directory, so a power cut leaves either the old total or the new one, never a torn file. A file that fails
 * its checks (a failing SD card) is logged and counted from 0: losing the total beats a sensor that never opens.
 */
final class CountStore {
    static final int SIZE = 16;
    private static final int MAGIC = 0x464E_5043; // "FNPC"

    private final Path file;
    private final Path temporary;

    CountStore(Path directory, String sensorId) {
        Objects.requireNonNull(directory, "directory");
        if (!sensorId.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("sensor id '%s' cannot name a state file".formatted(sensorId));
        }
        this.file = directory.resolve(sensorId + ".count");
        this.temporary = directory.resolve(sensorId + ".count.tmp");
    }

    Path file() {
        return file;
    }

    /** The saved total, or 0 when there is none or it is damaged. */
    long load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            Logger.warn("cannot read pulse total {}: {}; counting from 0", file, e.toString());
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE || buffer.getInt(0) != MAGIC || buffer.getInt(12) != crc(bytes)) {
            Logger.warn("pulse total {} is damaged ({} bytes); counting from 0", file, bytes.length);
            return 0;
        }
        long total = buffer.getLong(4);
        return Math.max(total, 0);
    }

    /** Saves {@code total} durably: temporary file, fsync, atomic rename, fsync of the directory. */
    void save(long total) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE).putInt(MAGIC).putLong(total);
        buffer.putInt(crc(buffer.array()));
        buffer.flip();
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems do not let a directory be opened or forced; the rename is still atomic.
            Logger.debug("cannot fsync directory of {}: {}", file, e.toString());
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 12);
        return (int) crc.getValue();
    }
}
