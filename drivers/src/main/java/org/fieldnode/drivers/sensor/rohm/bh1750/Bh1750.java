// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.H_RESOLUTION_MAX;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.ONE_TIME_H_RESOLUTION;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.POWER_ON;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.RESET;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;
import org.tinylog.Logger;

/**
 * ROHM BH1750FVI ambient light sensor, after the datasheet "BH1750FVI" (ROHM, Rev. D).
 *
 * <p>Bus: I2C at 0x23 (ADDR low) or 0x5C (ADDR high), through {@link I2cDevice}; every instruction is one opcode
 * byte ({@link Bh1750Opcodes}). The chip has no identity register, so open can only check that something
 * acknowledges the power-on opcode. Each {@link #fetch()} sends One Time H-Resolution Mode (0x20), waits the maximum
 * measurement time (180 ms at the default MTreg, scaled by MTreg/69) and reads the two-byte count; after the
 * measurement the chip powers down by itself (DS "Instruction Set Architecture").
 *
 * <p>Open sequence: Power On (0x01), Reset (0x07, which the chip refuses in power-down mode), then the measurement
 * time register ({@link Bh1750Settings#mtreg()}), always, since the chip keeps an earlier value until it loses power.
 */
public final class Bh1750 implements Sensor {
    private final SensorInfo info;
    private final I2cDevice device;
    private final Sleeper sleeper;
    private final Bh1750Settings settings;
    private final Duration measurementMax;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Bh1750(SensorInfo info, I2cDevice device, Sleeper sleeper, Bh1750Settings settings) {
        this.info = info;
        this.device = device;
        this.sleeper = sleeper;
        this.settings = settings;
        this.measurementMax = Bh1750Opcodes.scaled(H_RESOLUTION_MAX, settings.mtreg());
    }

    /**
     * Powers the chip on, resets its data register and sets the measurement time. On failure the caller still owns
     * {@code device} and must close it; on success the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when nothing acknowledges at the address
     */
    public static Bh1750 open(SensorInfo info, I2cDevice device, Bh1750Settings settings, Sleeper sleeper)
            throws DeviceException {
        try {
            send(device, POWER_ON);
        } catch (BusException e) {
            if (e.isTransient()) {
                throw e;
            }
            throw new DeviceNotFoundException(info.id(), "no BH1750 answers: " + e.getMessage());
        }
        send(device, RESET); // DS: reset is not accepted in power-down mode, hence after power on
        // Always written: the chip keeps an earlier value until it loses power.
        for (int opcode : Bh1750Opcodes.mtregOpcodes(settings.mtreg())) {
            send(device, opcode);
        }
        Logger.info("{}: BH1750 ready, MTreg {}", info.id(), settings.mtreg());
        return new Bh1750(info, device, sleeper, settings);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /**
     * Runs one H-resolution measurement and reads it back.
     *
     * @throws BusException on a bus fault; the next fetch starts a fresh measurement
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        send(device, ONE_TIME_H_RESOLUTION);
        // DS: the result is valid only after the measurement time; the chip does not signal completion.
        sleeper.sleep(measurementMax);
        byte[] data = new byte[2];
        device.read(data);
        int count = (data[0] & 0xFF) << 8 | data[1] & 0xFF;
        Logger.trace("{}: count {}", info.id(), count);
        return new Measurement(Map.of(Channel.ILLUMINANCE, Conversion.lux(count, settings.mtreg())));
    }

    /** Releases the bus handle; the chip powered down after its last one-time measurement. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }

    private static void send(I2cDevice device, int opcode) throws DeviceException {
        device.write(new byte[] {(byte) opcode});
    }
}
