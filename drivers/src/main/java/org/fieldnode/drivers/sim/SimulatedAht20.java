// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.INITIALISE;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.MEASUREMENT_TIME;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.SOFT_RESET;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.STATUS_BUSY;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.STATUS_CALIBRATED;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.TRIGGER;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A command-level Aosong AHT20 ("AHT20 Product Manual", V1.0) for tests and simulated runs. Bus face: a read of
 * one byte is the status (busy bit 7, calibration bits 4 and 3); 0xBE 0x08 0x00 loads the calibration; 0xAC 0x33
 * 0x00 starts a measurement that completes after 80 ms on the shared clock; a read of 7 bytes returns status, 20-bit
 * humidity and temperature and the CRC-8. Recorded as violations: a measurement triggered before the calibration
 * is loaded (DS §5.4 step 1), an unknown command (NACKed), a read of other than 1 or 7 bytes. Backend face:
 * {@link #setConditionSource}, {@link #uncalibrated()} (a chip fresh from a brown-out).
 */
public final class SimulatedAht20 extends SimulatedCommandDevice {
    private final Sleeper clock;
    private Supplier<Conditions> conditions = () -> SimulatedBme280.POWER_ON_CONDITIONS;
    private boolean calibrated = true;
    private boolean measuring;
    private long readyAt;
    private int rawHumidity;
    private int rawTemperature;

    public SimulatedAht20(Sleeper clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized void setConditionSource(Supplier<Conditions> conditions) {
        this.conditions = Objects.requireNonNull(conditions, "conditions");
    }

    /** The chip lost its calibration (status bits 4 and 3 clear) until it is initialised again. */
    public synchronized SimulatedAht20 uncalibrated() {
        calibrated = false;
        return this;
    }

    @Override
    protected void onCommand(byte[] bytes) {
        settle();
        if (Arrays.equals(bytes, INITIALISE)) {
            calibrated = true;
        } else if (Arrays.equals(bytes, TRIGGER)) {
            if (!calibrated) {
                violation("measurement triggered before the calibration was loaded (DS §5.4 step 1)");
            }
            Conditions c = conditions.get();
            rawHumidity = (int) Math.round(Math.clamp(c.relativeHumidity(), 0, 100) / 100 * ((1 << 20) - 1));
            rawTemperature = (int) Math.round((Math.clamp(c.celsius(), -50, 150) + 50) / 200 * ((1 << 20) - 1));
            measuring = true;
            readyAt = clock.nanoTime() + MEASUREMENT_TIME.toNanos();
        } else if (bytes.length == 1 && (bytes[0] & 0xFF) == SOFT_RESET) {
            measuring = false;
        } else {
            throw rejected("unknown AHT20 command %s", hex(bytes));
        }
    }

    @Override
    protected byte[] onRead(int length) {
        settle();
        int status = (calibrated ? STATUS_CALIBRATED : 0) | (measuring ? STATUS_BUSY : 0);
        if (length == 1) {
            return new byte[] {(byte) status};
        }
        if (length != 7) {
            violation("read of %d bytes; the AHT20 answers 1 (status) or 7 (a measurement)", length);
            return new byte[length];
        }
        byte[] reply = {
            (byte) status,
            (byte) (rawHumidity >> 12),
            (byte) (rawHumidity >> 4),
            (byte) ((rawHumidity & 0x0F) << 4 | rawTemperature >> 16),
            (byte) (rawTemperature >> 8),
            (byte) rawTemperature,
            0
        };
        reply[6] = (byte) Crc.sensirion8(reply, 0, 6);
        return reply;
    }

    private void settle() {
        if (measuring && clock.nanoTime() - readyAt >= 0) {
            measuring = false;
        }
    }
}
