// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.modbus.RtuFrames;

/**
 * A Modbus slave at PDU level ("Modbus Application Protocol V1.1b3"), put on a {@link SimulatedModbusLine} at its
 * slave id. It answers function 03 (Read Holding Registers), 04 (Read Input Registers) and 06 (Write Single
 * Register) as a real device does: exception 01 for another function, 03 for a count outside 1..125, 02 when a
 * register of the request is not in its map; and only after its turnaround delay. The line adds what the wire does:
 * silence for another slave id or a bad CRC.
 *
 * <p>A device model implements {@link #holding}, and {@link #input} and {@link #write} when it has them; it may
 * refresh its registers from the time in {@link #onRequest}. Test face: {@link #powerOff()} silences it (an unplugged
 * probe), {@link #setTurnaround} sets how long it takes to answer, {@link #violation} records a rule the master broke.
 * Every method synchronises on the slave.
 */
public abstract class SimulatedModbusSlave implements SimulatedDevice {
    private final Sleeper clock;
    private final List<String> violations = new ArrayList<>();
    private Duration turnaround = Duration.ofMillis(20);
    private boolean powered = true;
    private long requests;

    protected SimulatedModbusSlave(Sleeper clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Holding register {@code address} (function 03), 0..65535, or empty when the device has none there. */
    protected abstract OptionalInt holding(int address);

    /** Input register {@code address} (function 04); none by default. */
    protected OptionalInt input(int address) {
        return OptionalInt.empty();
    }

    /** Writes {@code value} to holding register {@code address} (function 06); false when it cannot be written. */
    protected boolean write(int address, int value) {
        return false;
    }

    /** A request for this slave arrived at {@code nowNanos}, before it is answered. */
    protected void onRequest(long nowNanos) {}

    /** The time base the slave runs on. */
    protected final long now() {
        return clock.nanoTime();
    }

    /** How long the slave takes from the end of a request to the start of its answer. */
    public final synchronized Duration turnaround() {
        return turnaround;
    }

    public final synchronized void setTurnaround(Duration turnaround) {
        if (turnaround.isNegative()) {
            throw new IllegalArgumentException("turnaround must not be negative: " + turnaround);
        }
        this.turnaround = turnaround;
    }

    /** The slave loses power: it answers nothing until {@link #powerOn()}. */
    public final synchronized void powerOff() {
        powered = false;
    }

    public final synchronized void powerOn() {
        powered = true;
    }

    public final synchronized boolean isPowered() {
        return powered;
    }

    /** Requests answered (normal or exception) so far. */
    public final synchronized long requests() {
        return requests;
    }

    /** Records a rule the master broke; tests assert the list stays empty. */
    protected final synchronized void violation(String format, Object... args) {
        violations.add(format.formatted(args));
    }

    @Override
    public final synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The answer PDU to a request PDU addressed to this slave: a normal response or an exception response. */
    final synchronized byte[] answer(byte[] pdu) {
        requests++;
        onRequest(now());
        int function = pdu[0] & 0xFF;
        if (function == RtuFrames.READ_HOLDING || function == RtuFrames.READ_INPUT) {
            if (pdu.length != 5) {
                return exception(function, RtuFrames.ILLEGAL_DATA_VALUE);
            }
            int address = word(pdu, 1);
            int count = word(pdu, 3);
            if (count < 1 || count > RtuFrames.MAX_READ_COUNT) {
                return exception(function, RtuFrames.ILLEGAL_DATA_VALUE);
            }
            byte[] answer = new byte[2 + 2 * count];
            answer[0] = (byte) function;
            answer[1] = (byte) (2 * count);
            for (int i = 0; i < count; i++) {
                OptionalInt value = function == RtuFrames.READ_HOLDING ? holding(address + i) : input(address + i);
                if (value.isEmpty()) {
                    return exception(function, RtuFrames.ILLEGAL_DATA_ADDRESS);
                }
                answer[2 + 2 * i] = (byte) (value.getAsInt() >> 8);
                answer[3 + 2 * i] = (byte) value.getAsInt();
            }
            return answer;
        }
        if (function == RtuFrames.WRITE_SINGLE && pdu.length == 5) {
            return write(word(pdu, 1), word(pdu, 3))
                    ? pdu.clone()
                    : exception(function, RtuFrames.ILLEGAL_DATA_ADDRESS);
        }
        return exception(function, RtuFrames.ILLEGAL_FUNCTION);
    }

    private static byte[] exception(int function, int code) {
        return new byte[] {(byte) (function | RtuFrames.EXCEPTION_FLAG), (byte) code};
    }

    private static int word(byte[] pdu, int at) {
        return (pdu[at] & 0xFF) << 8 | pdu[at + 1] & 0xFF;
    }
}
