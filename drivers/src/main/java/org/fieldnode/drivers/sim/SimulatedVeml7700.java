// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.DEVICE_ID;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.GAIN_MASK;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.GAIN_ONE_EIGHTH;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.INTEGRATION_TIME;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.IT_25_MS;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.IT_MASK;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.LUX_PER_COUNT;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_ALS;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_ALS_CONF;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_ID;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_WHITE;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.SHUTDOWN;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.WAKE_UP;

import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A register-level Vishay VEML7700 (datasheet 84286) for tests and simulated runs. Bus face: 16-bit registers by
 * command code, least significant byte first; it starts shut down (ALS_SD = 1); once powered on it integrates
 * continuously, the ALS count of the first integration ready after the wake-up and one integration time. Only gain
 * 1/8 at 25 ms is modelled; the count is the illuminance divided by 1.8432 lx. Recorded as violations: the ALS read
 * while shut down or before the first integration completed, a write to a read-only register, a transfer of other
 * than two bytes, another gain or integration time. Backend face: {@link #setIlluminance}.
 */
public final class SimulatedVeml7700 extends SimulatedRegisterDevice {
    private final Sleeper clock;
    private double lux = 300;
    private int config = SHUTDOWN;
    private long firstResultAt;
    private int command;
    private int index;
    private int low;

    public SimulatedVeml7700(Sleeper clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized void setIlluminance(double lux) {
        if (!(lux >= 0)) {
            throw new IllegalArgumentException("illuminance must be >= 0 lx, got " + lux);
        }
        this.lux = lux;
    }

    /** Whether ALS_SD is clear. */
    public synchronized boolean poweredOn() {
        return (config & SHUTDOWN) == 0;
    }

    @Override
    protected void beforeRead(int firstRegister, int length) {
        command = firstRegister;
        index = 0;
        if (length != 2) {
            violation("read of %d bytes from 0x%02X; every register is 16 bits", length, firstRegister);
        }
    }

    @Override
    protected void beforeWrite(int firstRegister, int length) {
        command = firstRegister;
        index = 0;
        if (length != 2) {
            violation("write of %d bytes to 0x%02X; every register is 16 bits", length, firstRegister);
        }
    }

    @Override
    protected int onRead(int register) {
        int word = switch (command) {
            case REG_ALS_CONF -> config;
            case REG_ALS -> als();
            case REG_WHITE -> als();
            case REG_ID -> 0xC4 << 8 | DEVICE_ID;
            default -> 0;
        };
        return index++ == 0 ? word & 0xFF : word >> 8 & 0xFF;
    }

    @Override
    protected void onWrite(int register, int value) {
        if (command != REG_ALS_CONF && (command < 0x01 || command > 0x03)) {
            violation("write to read-only register 0x%02X", command);
            return;
        }
        if (index++ == 0) {
            low = value;
            return;
        }
        if (command == REG_ALS_CONF) {
            int next = value << 8 | low;
            if ((next & SHUTDOWN) == 0 && (config & SHUTDOWN) != 0) {
                firstResultAt =
                        clock.nanoTime() + WAKE_UP.plus(INTEGRATION_TIME).toNanos();
            }
            if ((next & SHUTDOWN) == 0 && ((next & GAIN_MASK) != GAIN_ONE_EIGHTH || (next & IT_MASK) != IT_25_MS)) {
                violation("configuration 0x%04X: only gain 1/8 at 25 ms is modelled", next);
            }
            config = next;
        }
    }

    private int als() {
        if ((config & SHUTDOWN) != 0) {
            violation("ALS read while the sensor is shut down");
            return 0;
        }
        if (clock.nanoTime() - firstResultAt < 0) {
            violation("ALS read before the first integration completed");
            return 0;
        }
        return (int) Math.min(0xFFFF, Math.round(lux / LUX_PER_COUNT));
    }
}
