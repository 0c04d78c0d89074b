// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.fieldnode.security.psk.PskCredential;

/**
 * The simulated nodes' pre-shared keys, made up for one run, in the collector's {@code psk-directory} format: one
 * {@code identity=hexkey} line per node, mode 0600 (the collector refuses the file otherwise).
 */
final class KeysFile {
    private KeysFile() {}

    /** Writes {@code count} fresh random keys, identities {@code bench-00000} on. */
    static void write(Path file, int count) throws IOException {
        write(file, count, "bench");
    }

    /** Writes {@code count} fresh random keys, identities {@code PREFIX-00000} on. */
    static void write(Path file, int count, String prefix) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder lines = new StringBuilder(count * 48);
        byte[] secret = new byte[16];
        for (int i = 0; i < count; i++) {
            random.nextBytes(secret);
            lines.append("%s-%05d=".formatted(prefix, i))
                    .append(HexFormat.of().formatHex(secret))
                    .append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** The first {@code count} keys of {@code file}, in file order. */
    static List<PskCredential> read(Path file, int count) throws IOException {
        List<PskCredential> keys = new ArrayList<>(count);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (keys.size() == count) {
                break;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            keys.add(new PskCredential(line.substring(0, equals), HexFormat.of().parseHex(line.substring(equals + 1))));
        }
        if (keys.size() < count) {
            throw new IOException(file + ": " + keys.size() + " keys, " + count + " asked");
        }
        return keys;
    }
}
