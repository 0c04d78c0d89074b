// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * What Sensirion's I2C chips (SHT3x, SHT4x, SCD4x) have in common: commands of one or two bytes, an execution time
 * per command during which the chip takes no new command, and replies of 16-bit words each followed by a CRC-8
 * (polynomial 0x31, init 0xFF). The CRC here is table-driven and written apart from the driver's bitwise one, so
 * that each checks the other.
 *
 * <p>Rules recorded as violations: a command while the previous one executes (NACKed), an unknown or incomplete
 * command (NACKed), a read with no reply pending (NACKed), a read longer than the reply. Reading fewer bytes than
 * the reply is allowed: the controller may stop early. A new command discards an unread reply. Subclasses decide
 * whether a read during execution is a violation ({@link #readWhileExecuting}); it is always NACKed.
 *
 * <p>Backend face: {@link #setConditions}, {@link #setConditionSource}.
 */
public abstract class SimulatedSensirionChip extends SimulatedCommandDevice {
    /** Conditions a fresh chip measures until told otherwise: 20 °C, 50 %RH. */
    public static final Conditions POWER_ON_CONDITIONS = new Conditions(20.0, 50.0, 101_325.0);

    private static final int[] CRC_TABLE = crcTable();

    private final Sleeper clock;
    private final int commandLength;
    private Conditions conditions = POWER_ON_CONDITIONS;
    private Supplier<Conditions> conditionSource;
    private boolean executing;
    private long executionEndsAt;
    private int executingCommand;
    private byte[] reply;

    /** @param commandLength 2 for 16-bit commands, 1 for the SHT4x's 8-bit ones */
    protected SimulatedSensirionChip(Sleeper clock, int commandLength) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commandLength = commandLength;
    }

    /** Conditions that the next measurements see. */
    public final synchronized void setConditions(double celsius, double relativeHumidity) {
        conditions = new Conditions(celsius, relativeHumidity, POWER_ON_CONDITIONS.pascal());
        conditionSource = null;
    }

    /** Pulls the conditions from {@code source} at every measurement, e.g. a {@link DayNightWeather}. */
    public final synchronized void setConditionSource(Supplier<Conditions> source) {
        conditionSource = Objects.requireNonNull(source, "source");
    }

    @Override
    protected final void onCommand(byte[] bytes) {
        advance();
        if (bytes.length == 0) {
            return; // a quick write, as i2cdetect probes with: the address is acknowledged, nothing else happens
        }
        if (isExecuting()) {
            violation("command %s sent while command 0x%04X still executes", hex(bytes), executingCommand);
            throw new TargetNack(true, "busy executing command 0x%04X".formatted(executingCommand));
        }
        if (bytes.length < commandLength) {
            throw rejected("incomplete command %s", hex(bytes));
        }
        int command = bytes[0] & 0xFF;
        if (commandLength == 2) {
            command = command << 8 | bytes[1] & 0xFF;
        }
        reply = null;
        command(command, Arrays.copyOfRange(bytes, commandLength, bytes.length));
    }

    @Override
    protected final byte[] onRead(int length) {
        advance();
        if (isExecuting()) {
            readWhileExecuting(executingCommand);
            throw new TargetNack(true, "still executing command 0x%04X".formatted(executingCommand));
        }
        if (reply == null) {
            throw rejected("read of %d bytes with no reply pending", length);
        }
        if (length > reply.length) {
            violation("read of %d bytes, but the reply has %d", length, reply.length);
        }
        byte[] out = Arrays.copyOf(reply, length);
        Arrays.fill(out, Math.min(length, reply.length), length, (byte) 0xFF); // SDA floats high
        reply = null;
        return out;
    }

    /**
     * One command with its argument bytes. Call {@link #execute} to start it, throw {@link #rejected} to refuse it.
     */
    protected abstract void command(int command, byte[] arguments);

    /** A read header arrived during the execution of {@code command}; by default that is allowed polling. */
    protected void readWhileExecuting(int command) {}

    /** Brings time-driven state up to the clock before every transfer; by default nothing. */
    protected void advance() {}

    /** Starts {@code command}: busy for {@code time}, then {@code words} can be read (none: no reply). */
    protected final void execute(int command, Duration time, int... words) {
        executingCommand = command;
        executionEndsAt = clock.nanoTime() + time.toNanos();
        executing = time.isPositive();
        reply = words.length == 0 ? null : encode(words);
    }

    /** Drops an unread reply, e.g. after a reset. */
    protected final void discardReply() {
        reply = null;
    }

    protected final boolean isExecuting() {
        executing = executing && clock.nanoTime() - executionEndsAt < 0;
        return executing;
    }

    protected final long nanoTime() {
        return clock.nanoTime();
    }

    /** The conditions of a measurement taken now. */
    protected final Conditions measure() {
        if (conditionSource != null) {
            conditions = conditionSource.get();
        }
        return conditions;
    }

    /** Sensirion's temperature word: S = (T + 45) · (2^16 − 1) / 175, rounded and clamped to 16 bits. */
    protected static int temperatureWord(double celsius) {
        return word((celsius + 45.0) * 0xFFFF / 175.0);
    }

    /** Rounds and clamps to 0..0xFFFF. */
    protected static int word(double value) {
        return (int) Math.clamp(Math.round(value), 0, 0xFFFF);
    }

    /** Words on the wire: MSB, LSB, CRC for each. */
    static byte[] encode(int... words) {
        byte[] bytes = new byte[words.length * 3];
        for (int i = 0; i < words.length; i++) {
            bytes[3 * i] = (byte) (words[i] >> 8);
            bytes[3 * i + 1] = (byte) words[i];
            bytes[3 * i + 2] = (byte) crc(words[i]);
        }
        return bytes;
    }

    /** Table-driven CRC-8, polynomial 0x31, init 0xFF, of a word sent MSB first. */
    static int crc(int word) {
        int crc = CRC_TABLE[0xFF ^ (word >> 8 & 0xFF)];
        return CRC_TABLE[crc ^ (word & 0xFF)];
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80) != 0 ? (r << 1 ^ 0x31) & 0xFF : r << 1 & 0xFF;
            }
            table[i] = r;
        }
        return table;
    }
}
