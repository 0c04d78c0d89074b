// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The file {@code fieldnode update pack} writes and {@code collector update publish} reads: the 4 bytes
 * {@code FNU1}, the signed manifest's length as a 2-byte big-endian number, the signed manifest ({@link
 * SignedManifest}), then the payload to the end of the file. The collector stores the two parts apart; a node
 * fetches the manifest first and the payload only when the manifest passed {@link ReleaseCheck}.
 */
public final class ReleaseFile {
    private static final byte[] MAGIC = "FNU1".getBytes(StandardCharsets.US_ASCII);

    private ReleaseFile() {}

    /** Writes the header and the signed manifest; the caller writes the payload after it. */
    public static void writeHeader(OutputStream out, byte[] signedManifest) throws IOException {
        if (signedManifest.length > 0xFFFF) {
            throw new IllegalArgumentException("signed manifest too long");
        }
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeShort(signedManifest.length);
        data.write(signedManifest);
        data.flush();
    }

    /**
     * Reads the header and returns the signed manifest; {@code in} is then at the payload's first byte.
     *
     * @throws UpdateRefusedException {@link Refusal#MALFORMED} when the file is not a release
     */
    public static byte[] readHeader(InputStream in) throws IOException, UpdateRefusedException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = data.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "not a fieldnode release file (no FNU1 header)");
        }
        byte[] length = data.readNBytes(2);
        if (length.length != 2) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "release file ends in its header");
        }
        int size = ((length[0] & 0xFF) << 8) | (length[1] & 0xFF);
        byte[] manifest = data.readNBytes(size);
        if (manifest.length != size) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "release file ends in its manifest");
        }
        return manifest;
    }
}
