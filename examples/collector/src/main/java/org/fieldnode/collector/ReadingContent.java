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

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
