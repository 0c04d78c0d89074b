// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.BUS_CNVR;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.BUS_OVF;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.BUS_VOLTAGE_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_RESET;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_RST;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.MODE_POWER_DOWN;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.MODE_SHUNT_AND_BUS_TRIGGERED;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_BUS_VOLTAGE;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_CALIBRATION;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_CURRENT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_POWER;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.tinylog.Logger;

/**
 * Texas Instruments INA219 current and power monitor, after the datasheet "INA219 Zero-Drift, Bidirectional
 * Current/Power Monitor With I2C Interface", SBOS448G (December 2015).
 *
 * <p>Bus: I2C at 0x40..0x4F (A0, A1 pins; §8.5.5.1). 16-bit registers, most significant byte first, written with
 * the block {@link RegisterBus#write(int, byte[])}.
 *
 * <p>Open: reset (config RST), check that config then reads its power-on value 0x399F (the part has no identity
 * register; an INA226 at the same address reads otherwise), write the calibration register (§8.5.1) and a
 * power-down config. Each {@link #fetch()} writes the triggered shunt-and-bus mode, which starts one conversion of
 * each (§8.4), waits their typical time, polls the bus voltage register until CNVR is set, then reads current and
 * power (which clears CNVR). Values: bus voltage = BD × 4 mV, current = register × Current_LSB, power = register ×
 * 20 × Current_LSB, exactly as §8.5.1 scales them. OVF (the chip's current or power arithmetic overflowed: more
 * current than {@code max-current-amps} allows) fails the fetch with a transient {@link BusException}, since the
 * next conversion may be in range.
 */
public final class Ina219 implements Sensor {
    private final SensorInfo info;
    private final RegisterBus bus;
    private final Ina219Settings settings;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ina219(SensorInfo info, RegisterBus bus, Ina219Settings settings, Sleeper sleeper) {
        this.info = info;
        this.bus = bus;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /**
     * Resets, identifies and calibrates the chip. On failure the caller still owns {@code bus} and must close it.
     *
     * @throws DeviceNotFoundException when config does not read 0x399F after the reset
     */
    public static Ina219 open(SensorInfo info, RegisterBus bus, Ina219Settings settings, Sleeper sleeper)
            throws DeviceException {
        writeWord(bus, REG_CONFIG, CONFIG_RST | CONFIG_RESET);
        int config = readWord(bus, REG_CONFIG);
        if (config != CONFIG_RESET) {
            throw new DeviceNotFoundException(
                    info.id(),
                    "config reads 0x%04X after reset, expected 0x%04X (INA219)".formatted(config, CONFIG_RESET));
        }
        // §8.5.1: current and power read 0 until the calibration register is programmed.
        writeWord(bus, REG_CALIBRATION, settings.calibration());
        writeWord(bus, REG_CONFIG, settings.config(MODE_POWER_DOWN));
        Logger.info(
                "{}: INA219 ready, shunt {} Ω, Current_LSB {} A, calibration {}",
                info.id(),
                settings.shuntOhms(),
                settings.currentLsbAmps(),
                settings.calibration());
        return new Ina219(info, bus, settings, sleeper);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /**
     * Triggers one shunt and bus conversion and reads bus voltage, current and power.
     *
     * @throws DataNotReadyException when CNVR is not set by the deadline
     * @throws BusException transient, when the chip reports a math overflow (OVF)
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        // §8.4: writing a triggered mode starts one conversion of shunt and bus voltage.
        writeWord(bus, REG_CONFIG, settings.config(MODE_SHUNT_AND_BUS_TRIGGERED));
        long startedAt = sleeper.nanoTime();
        Duration typical = Ina219Settings.ADC_TYPICAL.multipliedBy(2);
        Duration max = Ina219Settings.ADC_MAX.multipliedBy(2);
        Duration poll = Ina219Settings.ADC_TYPICAL.dividedBy(4);
        sleeper.sleep(typical);
        int busRegister;
        while (((busRegister = readWord(bus, REG_BUS_VOLTAGE)) & BUS_CNVR) == 0) {
            long left = startedAt + max.plus(poll).toNanos() - sleeper.nanoTime();
            if (left <= 0) {
                throw new DataNotReadyException(info.id(), "CNVR not set after %s".formatted(max));
            }
            sleeper.sleep(left < poll.toNanos() ? Duration.ofNanos(left) : poll);
        }
        if ((busRegister & BUS_OVF) != 0) {
            throw new BusException(
                    info.id(),
                    "INA219 math overflow (OVF): more current than max-current-amps %s A allows"
                            .formatted(settings.maxCurrentAmps()),
                    true);
        }
        int current = (short) readWord(bus, REG_CURRENT);
        int power = readWord(bus, REG_POWER); // §8.6.3.2: reading power clears CNVR
        Logger.trace("{}: bus 0x{} current {} power {}", info.id(), Integer.toHexString(busRegister), current, power);
        Map<Channel, Double> values = new EnumMap<>(Channel.class);
        values.put(Channel.VOLTAGE, busVolts(busRegister));
        values.put(Channel.CURRENT, current * settings.currentLsb());
        values.put(Channel.POWER, power * settings.powerLsb());
        return new Measurement(values);
    }

    /** Bus voltage from the bus voltage register: BD (bits 15..3) × 4 mV (§8.6.3.2). */
    static double busVolts(int busRegister) {
        return (busRegister >>> BUS_VOLTAGE_SHIFT) * 0.004;
    }

    /** Shunt voltage from its register: two's complement × 10 µV (§8.6.3.1). */
    static double shuntVolts(int shuntRegister) {
        return (short) shuntRegister * 10e-6;
    }

    private static int readWord(RegisterBus bus, int register) throws DeviceException {
        byte[] two = new byte[2];
        bus.read(register, two);
        return (two[0] & 0xFF) << 8 | (two[1] & 0xFF);
    }

    private static void writeWord(RegisterBus bus, int register, int value) throws DeviceException {
        bus.write(register, new byte[] {(byte) (value >> 8), (byte) value});
    }

    /** Releases the bus handle; the chip stays powered down after its last triggered conversion. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
