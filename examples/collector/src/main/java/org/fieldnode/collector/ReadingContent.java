// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * What a reading says, for telling a retransmission from a conflict when a reading arrives again under a (device,
 * sequence) that is stored (SECURITY R28).
 *
 * <p>A retransmission has the same series name, unit and value. Its time is the same too, with one exception: a
 * node gives readings taken before its clock was synchronised their true time once it is (the delivery loop's
 * time correction), so a batch first sent with unsynchronised times may come again with corrected ones. So the
 * times must match only where both were synchronised. Anything else is a conflict.
 *
 * <p>The {@link #digest} (first 16 bytes of SHA-256 over name, unit, value, time to the microsecond and time
 * quality) is kept with each stored reading: a stored row whose columns no longer give its digest has been damaged
 * or edited (an integrity failure); otherwise equal digests are a retransmission without comparing field by field.
 * It guards against damage and careless edits, not against someone who can rewrite the file (who could rewrite the
 * digest too).
 */
public final class ReadingContent {
    /** Bytes of a digest. */
    public static final int DIGEST_BYTES = 16;

    private ReadingContent() {}

    /** The digest of {@code r}, its time taken to the microsecond as the store keeps it. */
    public static byte[] digest(StoredReading r) {
        byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
        byte[] unit = r.unit().getBytes(StandardCharsets.UTF_8);
        ByteBuffer canonical = ByteBuffer.allocate(4 + name.length + 4 + unit.length + 8 + 8 + 1)
                .putInt(name.length)
                .put(name)
                .putInt(unit.length)
                .put(unit)
                .putLong(Double.doubleToLongBits(r.value() + 0.0)) // +0.0 makes -0.0 and 0.0 one value
                .putLong(micros(r.time()))
                .put((byte) (r.timeUnsynced() ? 1 : 0));
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(canonical.array()), DIGEST_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** True when {@code again} is a retransmission of the stored {@code stored} (same device and sequence). */
    public static boolean sameReading(StoredReading stored, StoredReading again) {
        boolean sameTime =
                micros(stored.time()) == micros(again.time()) && stored.timeUnsynced() == again.timeUnsynced();
        return stored.name().equals(again.name())
                && stored.unit().equals(again.unit())
                && stored.value() == again.value()
                && (sameTime || stored.timeUnsynced() || again.timeUnsynced());
    }

    /**
     * The rule for a reading that came again under a stored (device, sequence), for every store that keeps digests
     * (SECURITY R28): passes when {@code again} is a retransmission of the stored reading. The stored row is checked
     * against its own digest first, so a damaged or edited reading is found whenever it is met.
     *
     * @param stored the stored row's columns, under {@code again}'s device and sequence
     * @param storedDigest the digest stored with it; null for a reading stored before digests were kept
     * @param againDigest {@link #digest} of {@code again}
     * @param where the store, for the message of an integrity failure
     * @throws StoreIntegrityException when the stored row no longer matches its digest
     * @throws SequenceConflictException when {@code again} has other content
     */
    public static void checkRetransmission(
            StoredReading stored, byte[] storedDigest, StoredReading again, byte[] againDigest, Object where)
            throws StoreException {
        if (storedDigest != null && !Arrays.equals(storedDigest, digest(stored))) {
            throw new StoreIntegrityException(where + ": stored reading " + again.sequence() + " of " + again.device()
                    + " no longer matches its digest (damaged or edited)");
        }
        if (storedDigest != null && Arrays.equals(storedDigest, againDigest)) {
            return;
        }
        if (!sameReading(stored, again)) {
            throw new SequenceConflictException(again.device(), again.sequence());
        }
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
