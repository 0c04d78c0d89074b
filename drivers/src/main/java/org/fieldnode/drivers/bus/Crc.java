// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

/**
 * The check codes sensor chips and field buses put on their data, for drivers to check what they read and for
 * simulators to compute what they send. Each takes {@code length} bytes of {@code data} from {@code offset}.
 *
 * <table>
 *   <caption>The codes and who uses them</caption>
 *   <tr><th>method</th><th>polynomial, init, order</th><th>used by</th><th>check value</th></tr>
 *   <tr><td>{@link #sensirion8}</td><td>0x31, 0xFF, MSB first, no final XOR</td>
 *       <td>Sensirion SHT3x/SHT4x/SCD4x, Aosong AHT20</td><td>0xBEEF → 0x92 (SHT3x datasheet §4.12)</td></tr>
 *   <tr><td>{@link #maxim8}</td><td>0x31 reflected (0x8C), 0, LSB first</td>
 *       <td>1-Wire ROM ids and scratchpads (DS18B20)</td><td>data followed by its CRC gives 0 (Maxim AN27)</td></tr>
 *   <tr><td>{@link #modbus16}</td><td>0x8005 reflected (0xA001), 0xFFFF, LSB first; sent low byte first</td>
 *       <td>Modbus RTU frames</td><td>01 03 00 00 00 01 → 0x0A84, on the wire 84 0A (Modbus over serial line
 *       V1.02 §6.2.2)</td></tr>
 * </table>
 */
public final class Crc {
    private static final int SENSIRION_POLYNOMIAL = 0x31;
    private static final int MAXIM_REFLECTED_POLYNOMIAL = 0x8C;
    private static final int MODBUS_REFLECTED_POLYNOMIAL = 0xA001;

    private Crc() {}

    /** Sensirion's CRC-8 (polynomial x⁸ + x⁵ + x⁴ + 1 = 0x31, initial 0xFF, no reflection, no final XOR), 0..255. */
    public static int sensirion8(byte[] data, int offset, int length) {
        int crc = 0xFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ SENSIRION_POLYNOMIAL : crc << 1;
            }
            crc &= 0xFF;
        }
        return crc;
    }

    /** The Dallas/Maxim 1-Wire CRC-8 (x⁸ + x⁵ + x⁴ + 1, bits least significant first, initial 0), 0..255. */
    public static int maxim8(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x01) != 0 ? (crc >>> 1) ^ MAXIM_REFLECTED_POLYNOMIAL : crc >>> 1;
            }
        }
        return crc;
    }

    /**
     * The Modbus RTU CRC-16 (x¹⁶ + x¹⁵ + x² + 1, reflected, initial 0xFFFF), 0..0xFFFF. A frame carries it low byte
     * first, so that running it over a whole frame, CRC included, gives 0.
     */
    public static int modbus16(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x0001) != 0 ? (crc >>> 1) ^ MODBUS_REFLECTED_POLYNOMIAL : crc >>> 1;
            }
        }
        return crc;
    }
}
