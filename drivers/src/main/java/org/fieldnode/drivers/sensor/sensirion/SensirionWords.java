// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.I2cDevice;

/**
 * Sensirion I2C framing: commands are 16-bit words sent MSB first (SHT4x: one byte), and data travel as 16-bit
 * words, MSB first, each followed by its {@link SensirionCrc} byte (SHT3x datasheet §4.4, SCD4x datasheet §3.3).
 */
public final class SensirionWords {
    /** Bytes per word on the wire: MSB, LSB, CRC. */
    public static final int WORD_BYTES = 3;

    private SensirionWords() {}

    /** A 16-bit command as it goes on the wire. */
    public static byte[] command(int command) {
        if (command < 0 || command > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit command: 0x%X".formatted(command));
        }
        return new byte[] {(byte) (command >> 8), (byte) command};
    }

    /**
     * Reads {@code words} words in one transaction and checks every CRC.
     *
     * @throws BusException (transient) when a CRC does not match, as after a glitch on the wire
     */
    public static int[] read(String sensorId, I2cDevice device, int words) throws DeviceException {
        byte[] reply = new byte[words * WORD_BYTES];
        device.read(reply);
        return decode(sensorId, reply);
    }

    /**
     * The words of {@code reply}.
     *
     * @throws BusException (transient) naming the first word whose CRC does not match
     */
    public static int[] decode(String sensorId, byte[] reply) throws BusException {
        checkLength(reply);
        int[] words = new int[reply.length / WORD_BYTES];
        for (int i = 0; i < words.length; i++) {
            int at = i * WORD_BYTES;
            int expected = SensirionCrc.crc8(reply, at, 2);
            int received = reply[at + 2] & 0xFF;
            if (expected != received) {
                throw new BusException(
                        sensorId,
                        "CRC mismatch in word %d: received 0x%02X, computed 0x%02X".formatted(i, received, expected),
                        true);
            }
            words[i] = (reply[at] & 0xFF) << 8 | reply[at + 1] & 0xFF;
        }
        return words;
    }

    /**
     * Runs an identity probe. Nothing acknowledging the probe (a permanent bus fault: address or command NACK) or a
     * reply that fails its CRC means the part is absent or another part sits at the address. Transient faults pass
     * through unchanged.
     *
     * @param part the part name for messages, e.g. {@code SHT3x}
     * @return the words of the probe's reply
     * @throws DeviceNotFoundException when the probe shows that no {@code part} answers
     */
    public static int[] identify(String sensorId, String part, Probe probe) throws DeviceException {
        byte[] reply;
        try {
            reply = probe.run();
        } catch (BusException e) {
            if (e.isTransient()) {
                throw e;
            }
            throw new DeviceNotFoundException(sensorId, "no %s answers: %s".formatted(part, e.getMessage()));
        }
        checkLength(reply);
        for (int at = 0; at < reply.length; at += WORD_BYTES) {
            if (SensirionCrc.crc8(reply, at, 2) != (reply[at + 2] & 0xFF)) {
                throw new DeviceNotFoundException(
                        sensorId, "the identity reply fails its CRC: not an %s".formatted(part));
            }
        }
        return decode(sensorId, reply);
    }

    /** One identity exchange: commands sent, the raw reply returned. */
    @FunctionalInterface
    public interface Probe {
        byte[] run() throws DeviceException;
    }

    private static void checkLength(byte[] reply) {
        if (reply.length % WORD_BYTES != 0) {
            throw new IllegalArgumentException("a reply is whole words of 3 bytes, got " + reply.length);
        }
    }
}
