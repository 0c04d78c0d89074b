// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;

/**
 * Finds one checked frame in a serial byte stream that may start mid-frame or carry garbage: the decoder looks at
 * the buffered bytes from each candidate start; on anything but a whole valid frame it skips one byte and tries
 * again (resync). Gives up at a deadline on the {@link Sleeper} clock with a transient {@link BusException} that
 * says what it saw: nothing, a bad checksum or an incomplete frame.
 */
public final class FrameSync {
    /** What a {@link Decoder} makes of the bytes at a candidate frame start. */
    public sealed interface Verdict {
        /** A whole valid frame of {@code length} bytes starts here. */
        record Frame(int length) implements Verdict {}

        /** This could be a frame but more bytes are needed to tell. */
        record NeedMore() implements Verdict {}

        /** No frame starts here. */
        record NoFrame() implements Verdict {}

        /** A frame with the right shape but a wrong checksum starts here; {@code detail} says which. */
        record BadChecksum(String detail) implements Verdict {}

        Verdict NEED_MORE = new NeedMore();
        Verdict NO_FRAME = new NoFrame();
    }

    /** Judges the {@code length} buffered bytes from {@code start}. Pure; must not keep the array. */
    @FunctionalInterface
    public interface Decoder {
        Verdict judge(byte[] buffer, int start, int length);
    }

    private static final int MAX_BUFFER = 1024;

    private FrameSync() {}

    /**
     * Reads from {@code port} until {@code decoder} accepts a frame, and returns that frame; bytes after it stay
     * unread only as far as they were not yet read from the port (callers drain before the next query).
     */
    public static byte[] read(UartPort port, Sleeper clock, Duration timeout, Decoder decoder, String sensorId)
            throws DeviceException {
        return read(port, clock, timeout, decoder, sensorId, false);
    }

    /**
     * Like {@link #read}, for an identity probe: when not a single byte arrives before the deadline, the chip is
     * reported absent ({@link DeviceNotFoundException}) rather than slow.
     */
    public static byte[] probe(UartPort port, Sleeper clock, Duration timeout, Decoder decoder, String sensorId)
            throws DeviceException {
        return read(port, clock, timeout, decoder, sensorId, true);
    }

    private static byte[] read(
            UartPort port, Sleeper clock, Duration timeout, Decoder decoder, String sensorId, boolean probe)
            throws DeviceException {
        Objects.requireNonNull(decoder, "decoder");
        long deadline = clock.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[MAX_BUFFER];
        byte[] chunk = new byte[64];
        int filled = 0;
        int start = 0;
        int received = 0;
        String badChecksum = null;
        while (true) {
            while (start < filled) {
                Verdict verdict = decoder.judge(buffer, start, filled - start);
                if (verdict instanceof Verdict.Frame frame) {
                    return Arrays.copyOfRange(buffer, start, start + frame.length());
                }
                if (verdict instanceof Verdict.NeedMore) {
                    break;
                }
                if (verdict instanceof Verdict.BadChecksum bad) {
                    badChecksum = bad.detail();
                }
                start++;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                start = 0;
            }
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                if (probe && received == 0) {
                    throw new DeviceNotFoundException(sensorId, "nothing answered within " + timeout);
                }
                throw failure(sensorId, timeout, received, badChecksum, buffer, filled);
            }
            int n = port.read(chunk, Duration.ofNanos(left));
            if (filled + n > buffer.length) {
                // A frame longer than the buffer never comes: keep only the newest bytes.
                int drop = filled + n - buffer.length;
                System.arraycopy(buffer, drop, buffer, 0, filled - drop);
                filled -= drop;
            }
            System.arraycopy(chunk, 0, buffer, filled, n);
            filled += n;
            received += n;
        }
    }

    private static BusException failure(
            String sensorId, Duration timeout, int received, String badChecksum, byte[] buffer, int filled) {
        if (badChecksum != null) {
            return new BusException(sensorId, "checksum mismatch: " + badChecksum, true);
        }
        if (received == 0) {
            return new BusException(sensorId, "no data within " + timeout, true);
        }
        return new BusException(
                sensorId,
                "no complete frame within %s (%d bytes, left over: %s)"
                        .formatted(timeout, received, HexFormat.ofDelimiter(" ").formatHex(buffer, 0, filled)),
                true);
    }

    /**
     * Finds the first valid frame in a captured byte stream, for offline replay.
     *
     * @return the frame, or null when the capture holds none
     * @throws IllegalArgumentException when the only frame-shaped bytes have a bad checksum, naming it
     */
    public static byte[] findIn(byte[] capture, Decoder decoder) {
        String badChecksum = null;
        for (int start = 0; start < capture.length; start++) {
            Verdict verdict = decoder.judge(capture, start, capture.length - start);
            if (verdict instanceof Verdict.Frame frame) {
                return Arrays.copyOfRange(capture, start, start + frame.length());
            }
            if (verdict instanceof Verdict.BadChecksum bad) {
                badChecksum = bad.detail();
            }
        }
        if (badChecksum != null) {
            throw new IllegalArgumentException("checksum mismatch: " + badChecksum);
        }
        return null;
    }
}
