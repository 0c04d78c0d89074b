// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/**
 * A chip with 16-bit registers behind a pointer register, big-endian on the bus, as TI's ADS1115 and INA219 have
 * them. The first byte of every write transfer sets the pointer; when two bytes follow, they are written to the
 * register it points to, most significant byte first. A read transfer (pointer write, repeated start) reads that
 * register as two bytes, most significant first.
 *
 * <p>Recorded in {@link #violations()}: a pointer beyond the register map, a write of one or more than two data
 * bytes (a 16-bit register takes both bytes of one transfer), and a read of other than two bytes. Subclasses model
 * the chip in {@link #onWordRead} and {@link #onWordWrite}.
 */
public abstract class SimulatedWordRegisterDevice extends SimulatedRegisterDevice {
    private final String part;
    private final int[] words;
    private int transferStart;
    private int transferLength;
    private int pendingMsb;
    private int latchedWord;

    /**
     * @param part the part number used in violation messages, e.g. {@code ADS1115}
     * @param registerCount how many registers the pointer can select, from 0
     */
    protected SimulatedWordRegisterDevice(String part, int registerCount) {
        this.part = part;
        this.words = new int[registerCount];
    }

    /** The value a read of register {@code pointer} returns, 0..0xFFFF. By default the stored value. */
    protected int onWordRead(int pointer) {
        return word(pointer);
    }

    /** A 16-bit value written to register {@code pointer}; by default it is stored. */
    protected void onWordWrite(int pointer, int value) {
        setWord(pointer, value);
    }

    /** The stored value of register {@code pointer}, 0..0xFFFF. */
    protected final int word(int pointer) {
        return words[pointer];
    }

    /** Stores the low 16 bits of {@code value} without side effects. */
    protected final void setWord(int pointer, int value) {
        words[pointer] = value & 0xFFFF;
    }

    @Override
    protected final void beforeWrite(int firstRegister, int length) {
        transferStart = firstRegister;
        transferLength = length;
        if (!validPointer(firstRegister)) {
            return;
        }
        if (length != 0 && length != 2) {
            violation(
                    "%s: write of %d data byte(s) to register 0x%02X; a 16-bit register takes exactly 2",
                    part, length, firstRegister);
        }
    }

    @Override
    protected final void onWrite(int register, int value) {
        int index = (register - transferStart) & 0xFF;
        if (index == 0) {
            pendingMsb = value;
        } else if (index == 1 && transferLength == 2 && transferStart < words.length) {
            onWordWrite(transferStart, pendingMsb << 8 | value);
        }
    }

    @Override
    protected final void beforeRead(int firstRegister, int length) {
        transferStart = firstRegister;
        if (!validPointer(firstRegister)) {
            latchedWord = 0xFFFF;
            return;
        }
        if (length != 2) {
            violation("%s: read of %d byte(s) from 16-bit register 0x%02X", part, length, firstRegister);
        }
        latchedWord = onWordRead(firstRegister) & 0xFFFF;
    }

    @Override
    protected final int onRead(int register) {
        int index = (register - transferStart) & 0xFF;
        return switch (index) {
            case 0 -> latchedWord >> 8;
            case 1 -> latchedWord & 0xFF;
            default -> 0xFF;
        };
    }

    private boolean validPointer(int pointer) {
        if (pointer >= words.length) {
            violation("%s: pointer 0x%02X selects no register (0x00..0x%02X)", part, pointer, words.length - 1);
            return false;
        }
        return true;
    }
}
