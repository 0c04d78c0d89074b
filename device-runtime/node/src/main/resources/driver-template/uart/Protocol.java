package @PACKAGE@;

import java.time.Duration;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * The @PART_UPPER@'s serial protocol, one source of truth for the driver and its simulator. THE FRAME HERE IS A
 * STARTING POINT: replace it with your datasheet's. The part streams one frame a second: header 0xAA, the temperature
 * as a signed 16-bit value in 0.1 °C (high byte first), and a checksum, the low byte of the sum of the three bytes
 * before it.
 */
public final class @CLASS@Protocol {
    public static final UartSettings SERIAL = UartSettings.of8n1(9600);
    public static final int HEADER = 0xAA;
    public static final int FRAME_LENGTH = 4;
    public static final Duration FRAME_PERIOD = Duration.ofSeconds(1);

    private @CLASS@Protocol() {}

    /** Judges the bytes at a candidate frame start ({@link FrameSync}); pure. */
    public static FrameSync.Verdict judge(byte[] buffer, int start, int length) {
        if ((buffer[start] & 0xFF) != HEADER) {
            return FrameSync.Verdict.NO_FRAME;
        }
        if (length < FRAME_LENGTH) {
            return FrameSync.Verdict.NEED_MORE;
        }
        int sum = (buffer[start] + buffer[start + 1] + buffer[start + 2]) & 0xFF;
        if (sum != (buffer[start + 3] & 0xFF)) {
            return new FrameSync.Verdict.BadChecksum(
                    "sum 0x%02X, frame says 0x%02X".formatted(sum, buffer[start + 3] & 0xFF));
        }
        return new FrameSync.Verdict.Frame(FRAME_LENGTH);
    }

    /** The frame that carries {@code tenthsOfADegree}. */
    public static byte[] frame(int tenthsOfADegree) {
        byte high = (byte) (tenthsOfADegree >> 8);
        byte low = (byte) tenthsOfADegree;
        return new byte[] {(byte) HEADER, high, low, (byte) ((HEADER + high + low) & 0xFF)};
    }

    /** The temperature of a checked frame, in degrees Celsius. */
    public static double celsius(byte[] frame) {
        return (short) ((frame[1] & 0xFF) << 8 | frame[2] & 0xFF) / 10.0;
    }
}
