// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.plantower.pms5003.Pms5003Protocol.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Frame-level model of a Plantower PMS5003 (data manual V2.3, appendices I and II).
 *
 * <ul>
 *   <li>Powers up awake, in active mode, sending a data frame every {@value #ACTIVE_PERIOD_MILLIS} ms (the
 *       manual's "stable mode" interval).
 *   <li>Commands: 0xE1 mode (passive/active), 0xE2 read (answered with one data frame in passive mode), 0xE4
 *       sleep/wake. A sleeping sensor ignores everything but wake-up. Mode and sleep commands are acknowledged
 *       with an 8-byte frame {@code 42 4D 00 04 CMD DATA sum}, as sensors in the field do; the manual does not
 *       document that reply, which is why drivers must skip frames whose length field is not 28.
 *   <li>Violations: a command with a bad checksum, an unknown command, a read command in active mode or while
 *       asleep.
 *   <li>Backend face: {@link #setAtmospheric} (the values a correct driver reports); the CF=1 values are made 3/2
 *       of them so that a driver reading the wrong words is caught. {@link #readCommandAges()} tells how long
 *       after the last wake-up each read command came, to check the ≥ 30 s spin-up.
 * </ul>
 */
public final class SimulatedPms5003 extends SimulatedSerialDevice {
    static final long ACTIVE_PERIOD_MILLIS = 2300;

    private final byte[] command = new byte[7];
    private final List<Duration> readCommandAges = new ArrayList<>();
    private int commandLength;
    private boolean passive;
    private boolean asleep;
    private long wokeAt;
    private long nextActiveFrameAt;
    private int pm1 = 8;
    private int pm2_5 = 12;
    private int pm10 = 15;

    public SimulatedPms5003(Sleeper clock) {
        super(clock, SERIAL);
        onPowerUp(now());
    }

    /** Sets the atmospheric-environment concentrations in ug/m3 that the next frames carry. */
    public synchronized void setAtmospheric(int pm1, int pm2_5, int pm10) {
        if (pm1 < 0 || pm2_5 < 0 || pm10 < 0 || pm10 > 0xFFFF * 2 / 3) {
            throw new IllegalArgumentException("concentrations out of range: %d %d %d".formatted(pm1, pm2_5, pm10));
        }
        this.pm1 = pm1;
        this.pm2_5 = pm2_5;
        this.pm10 = pm10;
    }

    public synchronized boolean isAsleep() {
        return asleep;
    }

    public synchronized boolean isPassive() {
        return passive;
    }

    /** For every read command, the time since the sensor last woke up. */
    public synchronized List<Duration> readCommandAges() {
        return List.copyOf(readCommandAges);
    }

    /** One data frame as the sensor sends it now, checksum included. */
    public synchronized byte[] dataFrame() {
        int[] words = {
            pm1 * 3 / 2,
            pm2_5 * 3 / 2,
            pm10 * 3 / 2, // CF=1
            pm1,
            pm2_5,
            pm10, // atmospheric environment
            pm1 * 150,
            pm1 * 50,
            pm2_5 * 10,
            pm2_5,
            pm10 / 4,
            pm10 / 10, // particles per 0.1 L
            0x9700 // version 0x97, error code 0
        };
        byte[] frame = new byte[FRAME_LENGTH];
        frame[0] = START_1;
        frame[1] = START_2;
        frame[3] = DATA_FRAME_LENGTH_FIELD;
        for (int i = 0; i < words.length; i++) {
            frame[4 + 2 * i] = (byte) (words[i] >> 8);
            frame[5 + 2 * i] = (byte) words[i];
        }
        int sum = 0;
        for (int i = 0; i < 30; i++) {
            sum += frame[i] & 0xFF;
        }
        frame[30] = (byte) (sum >> 8);
        frame[31] = (byte) sum;
        return frame;
    }

    @Override
    protected synchronized void onPowerUp(long nowNanos) {
        passive = false;
        asleep = false;
        wokeAt = nowNanos;
        nextActiveFrameAt = nowNanos + Duration.ofMillis(ACTIVE_PERIOD_MILLIS).toNanos();
        commandLength = 0;
    }

    @Override
    protected synchronized void onTime(long nowNanos) {
        if (passive || asleep) {
            return;
        }
        long period = Duration.ofMillis(ACTIVE_PERIOD_MILLIS).toNanos();
        // Send at most a few overdue frames: the UART FIFO of a real port would have overflowed anyway.
        int sent = 0;
        while (nowNanos - nextActiveFrameAt >= 0) {
            if (sent++ < 4) {
                transmitFrame(dataFrame(), 31);
            }
            nextActiveFrameAt += period;
        }
    }

    @Override
    protected synchronized void onReceive(int value) {
        if (commandLength == 0 && value != START_1 || commandLength == 1 && value != START_2) {
            commandLength = 0;
            if (value != START_1) {
                return;
            }
        }
        command[commandLength++] = (byte) value;
        if (commandLength < command.length) {
            return;
        }
        commandLength = 0;
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += command[i] & 0xFF;
        }
        int lrc = (command[5] & 0xFF) << 8 | command[6] & 0xFF;
        if (sum != lrc) {
            violation("command with checksum 0x%04X, expected 0x%04X (Appendix II)", lrc, sum);
            return;
        }
        execute(command[2] & 0xFF, (command[3] & 0xFF) << 8 | command[4] & 0xFF);
    }

    private void execute(int cmd, int data) {
        if (asleep && !(cmd == CMD_SLEEP && data == WAKE)) {
            if (cmd == CMD_READ) {
                violation("read command while asleep: the fan is off, no data comes (wake it first, 0xE4 01)");
            }
            return;
        }
        switch (cmd) {
            case CMD_READ -> {
                if (!passive) {
                    violation("read command 0xE2 in active mode (Appendix II: passive mode only)");
                    return;
                }
                readCommandAges.add(Duration.ofNanos(now() - wokeAt));
                transmitFrame(dataFrame(), 31);
            }
            case CMD_MODE -> {
                passive = data == MODE_PASSIVE;
                nextActiveFrameAt =
                        now() + Duration.ofMillis(ACTIVE_PERIOD_MILLIS).toNanos();
                acknowledge(cmd, data);
            }
            case CMD_SLEEP -> {
                if (data == WAKE) {
                    if (asleep) {
                        asleep = false;
                        wokeAt = now();
                    }
                } else {
                    asleep = true;
                }
                acknowledge(cmd, data);
            }
            default -> violation("unknown command 0x%02X", cmd);
        }
    }

    private void acknowledge(int cmd, int data) {
        byte[] ack = {START_1, START_2, 0x00, 0x04, (byte) cmd, (byte) data, 0, 0};
        int sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += ack[i] & 0xFF;
        }
        ack[6] = (byte) (sum >> 8);
        ack[7] = (byte) sum;
        transmit(ack);
    }
}
