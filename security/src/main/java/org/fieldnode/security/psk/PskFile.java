// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.psk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Reads a DTLS pre-shared key from a file of two lines, {@code identity=<text>} and {@code key=<hex>}. The file
 * must be readable by its owner only (mode 0600, SECURITY R9): a key others can read is refused, not used.
 * Errors name the file and line but never echo the key.
 */
public final class PskFile {
    private PskFile() {}

    /** @throws PskFileException with one line saying what is wrong and how to fix it */
    public static PskCredential read(Path file) throws PskFileException {
        checkPermissions(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PskFileException(
                    file + ": cannot read PSK file (" + e.getClass().getSimpleName() + ")");
        }
        String identity = null;
        byte[] key = null;
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String name = eq < 0 ? line : line.substring(0, eq).strip();
                String value = eq < 0 ? "" : line.substring(eq + 1).strip();
                switch (name) {
                    case "identity" -> identity = value;
                    case "key" -> key = parseHex(file, i + 1, value);
                    default ->
                        throw new PskFileException(
                                file + ":" + (i + 1) + ": expected identity=<text> or key=<hex>, found '" + name + "'");
                }
            }
            if (identity == null || identity.isEmpty()) {
                throw new PskFileException(file + ": missing identity=<text>");
            }
            if (key == null) {
                throw new PskFileException(file + ": missing key=<hex>");
            }
            try {
                return new PskCredential(identity, key);
            } catch (IllegalArgumentException e) {
                throw new PskFileException(file + ": " + e.getMessage());
            }
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static byte[] parseHex(Path file, int line, String value) throws PskFileException {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new PskFileException(file + ":" + line + ": key must be an even number of hex digits");
        }
    }

    private static void checkPermissions(Path file) throws PskFileException {
        if (!Files.isRegularFile(file)) {
            throw new PskFileException(file + ": no such PSK file");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new PskFileException(file + ": other users can read this key; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (e.g. a FAT boot partition): nothing to check here.
        } catch (IOException e) {
            throw new PskFileException(
                    file + ": cannot check permissions (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A PSK file that cannot be used; the message is one line for an operator. */
    public static final class PskFileException extends Exception {
        public PskFileException(String message) {
            super(message);
        }
    }
}
