// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A command-based chip (no register map): each raw write transaction is a command with its arguments, each raw
 * read transaction takes bytes of the chip's pending reply. Chip models implement {@link #onCommand} and
 * {@link #onRead}, record broken datasheet rules with {@link #violation} or {@link #rejected} and refuse transfers
 * by throwing {@link TargetNack}; tests assert that {@link #violations()} stays empty.
 *
 * <p>Register-style transfers are mapped onto raw ones as the wire would carry them: a register write is one raw
 * write of the register byte and the data, a register read is a raw write of the register byte followed by a raw
 * read.
 *
 * <p>Test face: {@link #corruptNextReply()} flips one bit of the next reply on the wire, as a CRC fault. Every method
 * synchronises on the device.
 */
public abstract class SimulatedCommandDevice implements SimulatedI2cTarget {
    private final List<String> violations = new ArrayList<>();
    private boolean corruptNextReply;

    @Override
    public final synchronized void rawWrite(byte[] data) {
        onCommand(data.clone());
    }

    @Override
    public final synchronized void rawRead(byte[] into) {
        byte[] reply = onRead(into.length);
        if (reply.length != into.length) {
            throw new IllegalStateException(
                    "onRead returned %d bytes for a read of %d".formatted(reply.length, into.length));
        }
        if (corruptNextReply && reply.length > 0) {
            reply[0] ^= 0x01;
            corruptNextReply = false;
        }
        System.arraycopy(reply, 0, into, 0, reply.length);
    }

    @Override
    public final synchronized void write(int register, byte[] data) {
        byte[] bytes = new byte[data.length + 1];
        bytes[0] = (byte) register;
        System.arraycopy(data, 0, bytes, 1, data.length);
        rawWrite(bytes);
    }

    @Override
    public final synchronized void read(int register, byte[] into) {
        rawWrite(new byte[] {(byte) register});
        rawRead(into);
    }

    /** Makes the next non-empty reply arrive with its first bit flipped, as a glitch on the wire would. */
    public final synchronized void corruptNextReply() {
        corruptNextReply = true;
    }

    /** The datasheet rules broken so far, oldest first. */
    public final synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * A write transaction of {@code bytes} (never empty of meaning to the chip: an empty write is an address probe).
     *
     * @throws TargetNack to refuse it
     */
    protected abstract void onCommand(byte[] bytes);

    /**
     * The {@code length} bytes a read transaction returns.
     *
     * @throws TargetNack to refuse it
     */
    protected abstract byte[] onRead(int length);

    /** Records a datasheet rule the bus master broke. */
    protected final void violation(String format, Object... args) {
        violations.add(format.formatted(args));
    }

    /**
     * Records a violation and returns the permanent NACK to throw for it, e.g. for an unknown command:
     * {@code throw rejected("unknown command 0x%04X", command)}.
     */
    protected final TargetNack rejected(String format, Object... args) {
        String reason = format.formatted(args);
        violations.add(reason);
        return new TargetNack(false, reason);
    }

    /** {@code bytes} as hex for messages, e.g. {@code 0x30 0xA2}. */
    protected static String hex(byte[] bytes) {
        return bytes.length == 0
                ? "(none)"
                : "0x" + HexFormat.ofDelimiter(" 0x").withUpperCase().formatHex(bytes);
    }
}
