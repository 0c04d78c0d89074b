// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;

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

    /** One SHA-256 per thread: {@code MessageDigest.getInstance} looks the provider up each time. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private ReadingContent() {}

    /**
     * The digest of {@code r}, its time taken to the microsecond as the store keeps it. A number without a sum at a
     * clock time has the layout of version 3 (name, unit, value, time, unsynced flag), so digests stored then still
     * hold; any other reading appends its value type, value, sum and time quality.
     */
    public static byte[] digest(StoredReading r) {
        byte[] name = r.name().getBytes(StandardCharsets.UTF_8);
        byte[] unit = r.unit().getBytes(StandardCharsets.UTF_8);
        boolean plainNumber = r.typed() instanceof SenmlValue.Numeric
                && r.sum() == null
                && (r.timeQuality() == SenmlTimeQuality.SYNCED || r.timeQuality() == SenmlTimeQuality.UNSYNCED);
        byte[] extra = plainNumber ? new byte[0] : typedContent(r);
        double number = r.typed() instanceof SenmlValue.Numeric n ? n.number() : 0;
        ByteBuffer canonical = ByteBuffer.allocate(4 + name.length + 4 + unit.length + 8 + 8 + 1 + extra.length)
                .putInt(name.length)
                .put(name)
                .putInt(unit.length)
                .put(unit)
                .putLong(Double.doubleToLongBits(number + 0.0)) // +0.0 makes -0.0 and 0.0 one value
                .putLong(micros(r.time()))
                .put((byte) (r.timeUnsynced() ? 1 : 0))
                .put(extra);
        return Arrays.copyOf(SHA_256.get().digest(canonical.array()), DIGEST_BYTES);
    }

    /** Value type, value, sum and time quality, each length-prefixed. */
    private static byte[] typedContent(StoredReading r) {
        byte[] type = r.valueType().getBytes(StandardCharsets.US_ASCII);
        byte[] value = switch (r.typed()) {
            case SenmlValue.Numeric n ->
                ByteBuffer.allocate(8)
                        .putLong(Double.doubleToLongBits(n.number() + 0.0))
                        .array();
            case SenmlValue.Text t -> t.text().getBytes(StandardCharsets.UTF_8);
            case SenmlValue.Flag f -> new byte[] {(byte) (f.flag() ? 1 : 0)};
            case SenmlValue.Data d -> d.bytes();
            case null -> new byte[0];
        };
        byte[] quality = r.timeQuality().code().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + type.length + 4 + value.length + 1 + 8 + 4 + quality.length)
                .putInt(type.length)
                .put(type)
                .putInt(value.length)
                .put(value)
                .put((byte) (r.sum() == null ? 0 : 1))
                .putLong(r.sum() == null ? 0 : Double.doubleToLongBits(r.sum() + 0.0))
                .putInt(quality.length)
                .put(quality)
                .array();
    }

    /** True when {@code again} is a retransmission of the stored {@code stored} (same device and sequence). */
    public static boolean sameReading(StoredReading stored, StoredReading again) {
        boolean sameTime = micros(stored.time()) == micros(again.time()) && stored.timeQuality() == again.timeQuality();
        return stored.name().equals(again.name())
                && stored.unit().equals(again.unit())
                && sameValue(stored.typed(), again.typed())
                && (stored.sum() == null
                        ? again.sum() == null
                        : again.sum() != null && stored.sum() == (double) again.sum())
                && (sameTime || stored.timeUnsynced() || again.timeUnsynced());
    }

    /** Equal values; numbers by {@code ==}, so that -0.0 and 0.0 are one value. */
    private static boolean sameValue(SenmlValue a, SenmlValue b) {
        if (a instanceof SenmlValue.Numeric x && b instanceof SenmlValue.Numeric y) {
            return x.number() == y.number();
        }
        return java.util.Objects.equals(a, b);
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
