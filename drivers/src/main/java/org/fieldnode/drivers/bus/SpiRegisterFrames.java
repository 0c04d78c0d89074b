// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

/**
 * How a {@link RegisterBus} talks to a register chip over SPI, as the Bosch sensors define it (BME280 datasheet
 * BST-BME280-DS002 §6.3, BMP280 datasheet BST-BMP280-DS001 §5.3): the first byte of each transaction (chip select
 * held low) is a control byte whose bit 7 is RW (1 = read, 0 = write) and whose bits 6..0 are bits 6..0 of the
 * register address; the chip supplies bit 7 of the address itself. Then
 *
 * <pre>
 *   read:  MOSI  [reg | 0x80] [0x00] [0x00] …      write: MOSI [reg &amp; 0x7F] [value]
 *          MISO  [ignored ] [r0  ] [r1  ] …  (address auto-increments while CSB stays low)
 * </pre>
 *
 * So register 0xF7 is read by sending 0xF7 and written by sending 0x77, and one driver runs over I2C or SPI. Chips
 * that use bit 6 as an auto-increment flag (ST's) need another framing. The real SPI bus and the simulated one
 * both frame with these functions.
 */
public final class SpiRegisterFrames {
    /** Control byte bit 7: the transaction reads. */
    public static final int READ_FLAG = 0b1000_0000;

    /** Control byte bits 6..0: the register address without its bit 7. */
    public static final int ADDRESS_MASK = 0b0111_1111;

    private SpiRegisterFrames() {}

    /**
     * The MOSI bytes of a read of {@code length} consecutive registers from {@code register}: the control byte, then
     * {@code length} dummy bytes, during which MISO carries the registers.
     */
    public static byte[] read(int register, int length) {
        checkRegister(register);
        byte[] tx = new byte[length + 1];
        tx[0] = (byte) (register | READ_FLAG);
        return tx;
    }

    /** The MOSI bytes of a write of {@code value} to {@code register}. */
    public static byte[] write(int register, int value) {
        checkRegister(register);
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
        return new byte[] {(byte) (register & ADDRESS_MASK), (byte) value};
    }

    private static void checkRegister(int register) {
        if (register < 0 || register > 0xFF) {
            throw new IllegalArgumentException("register out of range: " + register);
        }
    }
}
