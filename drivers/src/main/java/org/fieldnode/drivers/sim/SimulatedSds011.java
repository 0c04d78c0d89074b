// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.nova.sds011.Sds011Protocol.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Frame-level model of a Nova SDS011 (control protocol V1.3).
 *
 * <ul>
 *   <li>Powers up working, in active reporting mode, sending a data frame every second.
 *   <li>Commands (19 bytes, to id 0xFFFF or its own id {@value #DEVICE_ID}): reporting mode (2), query (4) and
 *       sleep/work (6), each mode command answered with a 0xC5 reply. A sleeping sensor answers only sleep/work.
 *   <li>Violations: a command with a bad checksum or tail, an unknown command, a query while asleep.
 *   <li>Backend face: {@link #setConcentrations} in ug/m3 (resolution 0.1); {@link #queryAges()}.
 * </ul>
 */
public final class SimulatedSds011 extends SimulatedSerialDevice {
    static final int DEVICE_ID = 0xA160;
    private static final long ACTIVE_PERIOD_NANOS = Duration.ofSeconds(1).toNanos();

    private final byte[] command = new byte[COMMAND_LENGTH];
    private final List<Duration> queryAges = new ArrayList<>();
    private int commandLength;
    private boolean queryMode;
    private boolean asleep;
    private long wokeAt;
    private long nextActiveFrameAt;
    private int pm2_5Tenths = 123;
    private int pm10Tenths = 207;

    public SimulatedSds011(Sleeper clock) {
        super(clock, SERIAL);
        onPowerUp(now());
    }

    /** Sets the concentrations the next frames carry, rounded to 0.1 ug/m3. */
    public synchronized void setConcentrations(double pm2_5, double pm10) {
        if (!(pm2_5 >= 0 && pm2_5 <= 999.9 && pm10 >= 0 && pm10 <= 1999.9)) {
            throw new IllegalArgumentException("out of the SDS011 range: %s, %s".formatted(pm2_5, pm10));
        }
        pm2_5Tenths = (int) Math.round(pm2_5 * 10);
        pm10Tenths = (int) Math.round(pm10 * 10);
    }

    public synchronized boolean isAsleep() {
        return asleep;
    }

    public synchronized boolean isQueryMode() {
        return queryMode;
    }

    /** For every query command, the time since the sensor last started working. */
    public synchronized List<Duration> queryAges() {
        return List.copyOf(queryAges);
    }

    /** The data frame the sensor sends now. */
    public synchronized byte[] dataFrame() {
        return frame(DATA, pm2_5Tenths & 0xFF, pm2_5Tenths >> 8, pm10Tenths & 0xFF, pm10Tenths >> 8);
    }

    private static byte[] frame(int type, int d1, int d2, int d3, int d4) {
        byte[] f = {(byte) HEAD, (byte) type, (byte) d1, (byte) d2, (byte) d3, (byte) d4, 0, 0, 0, (byte) TAIL};
        f[6] = (byte) (DEVICE_ID >> 8);
        f[7] = (byte) DEVICE_ID;
        int sum = 0;
        for (int i = 2; i < 8; i++) {
            sum += f[i] & 0xFF;
        }
        f[8] = (byte) sum;
        return f;
    }

    @Override
    protected synchronized void onPowerUp(long nowNanos) {
        queryMode = false;
        asleep = false;
        wokeAt = nowNanos;
        nextActiveFrameAt = nowNanos + ACTIVE_PERIOD_NANOS;
        commandLength = 0;
    }

    @Override
    protected synchronized void onTime(long nowNanos) {
        if (queryMode || asleep) {
            return;
        }
        int sent = 0;
        while (nowNanos - nextActiveFrameAt >= 0) {
            if (sent++ < 4) {
                transmitFrame(dataFrame(), 8);
            }
            nextActiveFrameAt += ACTIVE_PERIOD_NANOS;
        }
    }

    @Override
    protected synchronized void onReceive(int value) {
        if (commandLength == 0 && value != HEAD || commandLength == 1 && value != COMMAND) {
            commandLength = 0;
            if (value != HEAD) {
                return;
            }
        }
        command[commandLength++] = (byte) value;
        if (commandLength < COMMAND_LENGTH) {
            return;
        }
        commandLength = 0;
        int sum = 0;
        for (int i = 2; i < 17; i++) {
            sum += command[i] & 0xFF;
        }
        if ((command[17] & 0xFF) != (sum & 0xFF) || (command[18] & 0xFF) != TAIL) {
            violation(
                    "command with checksum 0x%02X (expected 0x%02X) or tail 0x%02X",
                    command[17] & 0xFF, sum & 0xFF, command[18] & 0xFF);
            return;
        }
        int id = (command[15] & 0xFF) << 8 | command[16] & 0xFF;
        if (id != 0xFFFF && id != DEVICE_ID) {
            return;
        }
        execute(command[2] & 0xFF, command[3] & 0xFF, command[4] & 0xFF);
    }

    private void execute(int cmd, int set, int value) {
        if (asleep && cmd != CMD_SLEEP_WORK) {
            if (cmd == CMD_QUERY) {
                violation("query while asleep: the laser is off and nothing answers (send work first)");
            }
            return;
        }
        switch (cmd) {
            case CMD_QUERY -> {
                queryAges.add(Duration.ofNanos(now() - wokeAt));
                transmitFrame(dataFrame(), 8);
            }
            case CMD_REPORTING_MODE -> {
                if (set == SET) {
                    queryMode = value == REPORT_QUERY;
                    nextActiveFrameAt = now() + ACTIVE_PERIOD_NANOS;
                }
                transmit(frame(REPLY, CMD_REPORTING_MODE, set, queryMode ? REPORT_QUERY : REPORT_ACTIVE, 0));
            }
            case CMD_SLEEP_WORK -> {
                if (set == SET) {
                    if (value == WORK && asleep) {
                        wokeAt = now();
                        nextActiveFrameAt = now() + ACTIVE_PERIOD_NANOS;
                    }
                    asleep = value == SLEEP;
                }
                transmit(frame(REPLY, CMD_SLEEP_WORK, set, asleep ? SLEEP : WORK, 0));
            }
            default -> violation("unknown command 0x%02X", cmd);
        }
    }
}
