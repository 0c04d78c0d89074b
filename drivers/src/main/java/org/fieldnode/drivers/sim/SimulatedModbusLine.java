// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.drivers.bus.modbus.RtuFrames;

/**
 * An RS-485 line with Modbus RTU slaves on it, at frame level ("Modbus over Serial Line V1.02"), as the UART of a
 * {@link SimulatedUart} sees it. A request frame is complete by its length (8 bytes for functions 03, 04 and 06), or,
 * for other functions, once 3.5 characters of silence followed it. Then, as on a real line:
 *
 * <ul>
 *   <li>a frame whose CRC-16 does not check is ignored: silence (§2.5.1.2);
 *   <li>a frame for a slave id nobody has, or for a slave without power, gets silence; broadcasts (id 0) too;
 *   <li>the slave answers after the request has crossed the wire, its turnaround delay, and the answer's own time on
 *       the wire (one character = start, data, parity and stop bits at the line's baud rate).
 * </ul>
 *
 * A request that starts less than 3.5 characters after the line was last busy is recorded as a violation of the
 * master. Faults ({@link #failNext}) apply to the slaves' answers. Every method synchronises on the line.
 */
public final class SimulatedModbusLine extends SimulatedSerialDevice {
    private final ModbusSettings settings;
    private final Map<Integer, SimulatedModbusSlave> slaves = new TreeMap<>();
    private final ByteArrayOutputStream request = new ByteArrayOutputStream();
    private long lastByteNanos = Long.MIN_VALUE;
    private long busyUntilNanos = Long.MIN_VALUE;
    private byte[] pending;
    private long pendingDueNanos;

    public SimulatedModbusLine(Sleeper clock, ModbusSettings settings) {
        super(clock, settings.line());
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The line's settings: what the master must use. */
    public ModbusSettings settings() {
        return settings;
    }

    /** Puts {@code slave} on the line at id {@code id} (1..247). */
    public synchronized void attach(int id, SimulatedModbusSlave slave) {
        if (id < 1 || id > 247) {
            throw new IllegalArgumentException("a Modbus slave id is 1..247, got " + id);
        }
        if (slaves.containsKey(id)) {
            throw new IllegalArgumentException("slave id %d is taken on this line".formatted(id));
        }
        slaves.put(id, Objects.requireNonNull(slave, "slave"));
    }

    /** Takes slave {@code id} off the line. */
    public synchronized void detach(int id) {
        slaves.remove(id);
    }

    /** The slave at {@code id}, or null. */
    public synchronized SimulatedModbusSlave slave(int id) {
        return slaves.get(id);
    }

    @Override
    protected void onReceive(int value) {
        long now = now();
        long silent = settings.silentInterval().toNanos();
        if (request.size() > 0 && now - lastByteNanos > silent) {
            request.reset(); // the earlier bytes were a frame of their own, or noise
        }
        if (request.size() == 0) {
            if (pending != null) {
                // The master talked over the answer (its timeout is shorter than the slave's turnaround): lost.
                violation("a request started before the answer to the previous one was due");
                pending = null;
            } else if (now < busyUntilNanos + silent) {
                violation(
                        "a request started %d µs after the line was busy, less than 3.5 characters (%d µs)",
                        (now - busyUntilNanos) / 1000, silent / 1000);
            }
        }
        lastByteNanos = now;
        if (request.size() < RtuFrames.MAX_FRAME) {
            request.write(value);
        }
        byte[] bytes = request.toByteArray();
        if (bytes.length >= 2 && knownLength(bytes[1] & 0xFF) == bytes.length) {
            request.reset();
            handle(bytes, now);
        }
    }

    @Override
    protected void onTime(long nowNanos) {
        if (request.size() > 0
                && nowNanos - lastByteNanos > settings.silentInterval().toNanos()) {
            byte[] bytes = request.toByteArray();
            request.reset();
            handle(bytes, lastByteNanos);
        }
        if (pending != null && nowNanos >= pendingDueNanos) {
            byte[] frame = pending;
            pending = null;
            busyUntilNanos = pendingDueNanos;
            transmitFrame(frame, frame.length - 1);
        }
    }

    private static int knownLength(int function) {
        return switch (function) {
            case RtuFrames.READ_HOLDING, RtuFrames.READ_INPUT, RtuFrames.WRITE_SINGLE -> 8;
            default -> -1;
        };
    }

    private void handle(byte[] frame, long endNanos) {
        if (frame.length < 4 || Crc.modbus16(frame, 0, frame.length) != 0) {
            return; // §2.5.1.2: a frame with a bad CRC is discarded without an answer
        }
        int id = frame[0] & 0xFF;
        SimulatedModbusSlave slave = slaves.get(id);
        if (id == 0 || slave == null || !slave.isPowered()) {
            return;
        }
        byte[] answer = RtuFrames.frame(id, slave.answer(RtuFrames.pdu(frame)));
        long character = settings.characterTime().toNanos();
        pending = answer;
        pendingDueNanos =
                endNanos + frame.length * character + slave.turnaround().toNanos() + answer.length * character;
    }
}
