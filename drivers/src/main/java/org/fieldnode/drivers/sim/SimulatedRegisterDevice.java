// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An 8-bit register map with an auto-incrementing register pointer (wrapping after 0xFF) that raw transfers use
 * too, as on real chips: a raw write sets it, a raw read continues from it. Chip models override
 * {@link #onWrite} and {@link #onRead} to add side effects and record broken datasheet rules with
 * {@link #violation}; tests assert that {@link #violations()} stays empty.
 *
 * <p>Every method synchronises on the device, so that a test thread may drive the backend face of a subclass
 * while a sampler thread talks to the bus face.
 */
public abstract class SimulatedRegisterDevice implements SimulatedI2cTarget {
    private final byte[] registers = new byte[256];
    private final List<String> violations = new ArrayList<>();
    private int pointer;

    @Override
    public final synchronized void write(int register, byte[] data) {
        checkRegister(register);
        beforeWrite(register, data.length);
        for (int i = 0; i < data.length; i++) {
            onWrite((register + i) & 0xFF, data[i] & 0xFF);
        }
        pointer = (register + data.length) & 0xFF;
        afterWrite(register, data.length);
    }

    @Override
    public final synchronized void read(int register, byte[] into) {
        checkRegister(register);
        beforeRead(register, into.length);
        for (int i = 0; i < into.length; i++) {
            into[i] = (byte) onRead((register + i) & 0xFF);
        }
        pointer = (register + into.length) & 0xFF;
    }

    /** A raw write: the first byte sets the register pointer, the rest are written from there. */
    @Override
    public final synchronized void rawWrite(byte[] data) {
        if (data.length > 0) {
            write(data[0] & 0xFF, Arrays.copyOfRange(data, 1, data.length));
        }
    }

    /** A raw read continues at the register pointer left by the previous transfer. */
    @Override
    public final synchronized void rawRead(byte[] into) {
        read(pointer, into);
    }

    /** Called once per read transfer before the first byte, e.g. to check a rule about the whole burst. */
    protected void beforeRead(int firstRegister, int length) {}

    /** Called once per write transfer before the first byte, e.g. to bring a clock up to date. */
    protected void beforeWrite(int firstRegister, int length) {}

    /** Called once per write transfer after the last byte, e.g. to act on a multi-byte value as a whole. */
    protected void afterWrite(int firstRegister, int length) {}

    /** A byte written to {@code register}; by default it is stored. */
    protected void onWrite(int register, int value) {
        setRegister(register, value);
    }

    /** The byte returned for {@code register}; by default the stored value. */
    protected int onRead(int register) {
        return register(register);
    }

    /** The stored value of {@code register}, 0..255. */
    protected final int register(int register) {
        return registers[register] & 0xFF;
    }

    /** Stores the low 8 bits of {@code value} without side effects. */
    protected final void setRegister(int register, int value) {
        registers[register] = (byte) value;
    }

    /** Records a datasheet rule the bus master broke. */
    protected final void violation(String format, Object... args) {
        violations.add(format.formatted(args));
    }

    /** The datasheet rules broken so far, oldest first. */
    public final synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    private static void checkRegister(int register) {
        if (register < 0 || register > 0xFF) {
            throw new IllegalArgumentException("register out of range: " + register);
        }
    }
}
