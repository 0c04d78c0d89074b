// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.CONTINUOUS_H_RESOLUTION;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.CONTINUOUS_H_RESOLUTION_2;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.CONTINUOUS_L_RESOLUTION;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.COUNTS_PER_LUX;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.H_RESOLUTION_TYPICAL;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_DEFAULT;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_HIGH;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_HIGH_MASK;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_LOW;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_LOW_MASK;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_MAX;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_MIN;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.ONE_TIME_H_RESOLUTION;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.ONE_TIME_H_RESOLUTION_2;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.ONE_TIME_L_RESOLUTION;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.POWER_DOWN;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.POWER_ON;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.RESET;

import java.time.Duration;
import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes;

/**
 * An opcode-level ROHM BH1750FVI (datasheet Rev. D) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: the instruction set of {@link Bh1750Opcodes}. The chip starts powered down. A measurement takes its
 * typical time (H and H2 resolution 120 ms, L resolution 16 ms, scaled by MTreg/69); one-time modes then power the
 * chip down, continuous modes measure again. The data register holds the last count until a reset.
 *
 * <p>Datasheet rules recorded in {@link #violations()}: an unknown opcode (rejected with NACK; this is what catches
 * a driver that sends octal literals), more than one opcode per write, reset in power-down mode (ignored), a
 * measurement-time register outside 31..254, a read before the measurement completed, a read when nothing was
 * measured since power-on or reset, and a read of other than two bytes.
 *
 * <p>Backend face: {@link #setIlluminance}, {@link #poweredOn()}, {@link #continuous()}, {@link #mtreg()}.
 */
public final class SimulatedBh1750 extends SimulatedCommandDevice {
    private static final Duration L_RESOLUTION_TYPICAL = Duration.ofMillis(16);

    private final Sleeper clock;
    private double lux = 300.0;
    private boolean poweredOn;
    private int mtreg = MTREG_DEFAULT;
    private int measuringOpcode = -1; // -1: not measuring
    private long measurementStartedAt;
    private long measurementNanos;
    private boolean resultSinceStart;
    private int dataRegister;
    private boolean hasResult;
    private long measurements;

    public SimulatedBh1750(Sleeper clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The illuminance the next measurements see, in lux. */
    public synchronized void setIlluminance(double lux) {
        if (!(lux >= 0) || !Double.isFinite(lux)) {
            throw new IllegalArgumentException("illuminance must be finite and >= 0 lx, got " + lux);
        }
        this.lux = lux;
    }

    public synchronized boolean poweredOn() {
        settle();
        return poweredOn;
    }

    /** Whether a continuous mode is running (a driver meaning one-time mode should never leave one behind). */
    public synchronized boolean continuous() {
        return measuringOpcode >= 0 && !isOneTime(measuringOpcode);
    }

    public synchronized int mtreg() {
        return mtreg;
    }

    /** Measurements completed since power-on. */
    public synchronized long measurements() {
        settle();
        return measurements;
    }

    @Override
    protected void onCommand(byte[] bytes) {
        settle();
        if (bytes.length > 1) {
            violation("%d opcodes in one write (%s); the BH1750 takes one per write", bytes.length, hex(bytes));
        }
        for (byte b : bytes) {
            opcode(b & 0xFF);
        }
    }

    @Override
    protected byte[] onRead(int length) {
        settle();
        if (length != 2) {
            violation("read of %d bytes; the result is two (DS: high byte, low byte)", length);
        }
        if (measuringOpcode >= 0 && !resultSinceStart) {
            violation("result read before measurement 0x%02X completed", measuringOpcode);
        } else if (!hasResult) {
            violation("result read with no measurement since power-on or reset");
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i == 0 ? dataRegister >> 8 : i == 1 ? dataRegister : 0xFF);
        }
        return out;
    }

    private void opcode(int opcode) {
        switch (opcode) {
            case POWER_DOWN -> {
                poweredOn = false;
                measuringOpcode = -1;
            }
            case POWER_ON -> poweredOn = true;
            case RESET -> {
                if (!poweredOn) {
                    violation("reset in power-down mode is not accepted (DS instruction set)");
                    return;
                }
                dataRegister = 0;
                hasResult = false;
            }
            case CONTINUOUS_H_RESOLUTION,
                    CONTINUOUS_H_RESOLUTION_2,
                    CONTINUOUS_L_RESOLUTION,
                    ONE_TIME_H_RESOLUTION,
                    ONE_TIME_H_RESOLUTION_2,
                    ONE_TIME_L_RESOLUTION -> start(opcode);
            default -> {
                if ((opcode & ~MTREG_HIGH_MASK) == MTREG_HIGH) {
                    mtreg = (opcode & MTREG_HIGH_MASK) << 5 | mtreg & MTREG_LOW_MASK;
                } else if ((opcode & ~MTREG_LOW_MASK) == MTREG_LOW) {
                    mtreg = mtreg & ~MTREG_LOW_MASK | opcode & MTREG_LOW_MASK;
                } else {
                    throw rejected("unknown BH1750 opcode 0x%02X", opcode);
                }
            }
        }
    }

    private void start(int opcode) {
        if (mtreg < MTREG_MIN || mtreg > MTREG_MAX) {
            violation("measurement with MTreg %d outside %d..%d", mtreg, MTREG_MIN, MTREG_MAX);
        }
        poweredOn = true;
        measuringOpcode = opcode;
        measurementStartedAt = clock.nanoTime();
        Duration typical = isLowResolution(opcode) ? L_RESOLUTION_TYPICAL : H_RESOLUTION_TYPICAL;
        measurementNanos =
                Bh1750Opcodes.scaled(typical, Math.clamp(mtreg, 1, 0xFF)).toNanos();
        resultSinceStart = false;
    }

    /** Completes measurements whose time has passed. */
    private void settle() {
        if (measuringOpcode < 0) {
            return;
        }
        long elapsed = clock.nanoTime() - measurementStartedAt;
        if (elapsed < measurementNanos) {
            return;
        }
        dataRegister = count(measuringOpcode);
        hasResult = true;
        resultSinceStart = true;
        measurements++;
        if (isOneTime(measuringOpcode)) {
            measuringOpcode = -1;
            poweredOn = false; // DS: one-time modes power down after the measurement
        } else {
            long cycles = elapsed / measurementNanos;
            measurements += cycles - 1;
            measurementStartedAt += cycles * measurementNanos;
        }
    }

    /** lx = count / 1.2 · 69 / MTreg in H resolution; H2 counts twice as many, L keeps multiples of 4. */
    private int count(int opcode) {
        double counts = lux * COUNTS_PER_LUX * mtreg / MTREG_DEFAULT;
        if (opcode == ONE_TIME_H_RESOLUTION_2 || opcode == CONTINUOUS_H_RESOLUTION_2) {
            counts *= 2;
        }
        int count = (int) Math.clamp(Math.round(counts), 0, 0xFFFF);
        return isLowResolution(opcode) ? count & ~0b11 : count;
    }

    private static boolean isOneTime(int opcode) {
        return (opcode & 0xF0) == 0x20;
    }

    private static boolean isLowResolution(int opcode) {
        return opcode == ONE_TIME_L_RESOLUTION || opcode == CONTINUOUS_L_RESOLUTION;
    }
}
