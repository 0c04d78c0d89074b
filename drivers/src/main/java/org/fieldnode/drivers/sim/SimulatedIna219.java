// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.BUS_CNVR;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.BUS_OVF;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.BUS_VOLTAGE_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CALIBRATION_FS0;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_ADC_MASK;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_BADC_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_BRNG_32V;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_MODE_MASK;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_PG_MASK;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_PG_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_RESET;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_RST;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_SADC_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REGISTER_COUNT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_BUS_VOLTAGE;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_CALIBRATION;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_CURRENT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_POWER;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.REG_SHUNT_VOLTAGE;

import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A register-level TI INA219 (datasheet SBOS448G) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: six 16-bit registers behind the pointer; power-on config 0x399F, everything else 0 (§8.6); RST in
 * config resets every register. Writing a mode to config starts conversions: triggered modes (0b001..0b011) one
 * shunt and one bus conversion, continuous modes (0b101..0b111) one after the other forever; each takes the time of
 * its ADC field (§8.6.2.1: 84 µs at 9 bits … 532 µs at 12 bits, 68.1 ms at 128 samples). At the end of a set the
 * chip computes, as §8.5.1 describes, shunt register = V_shunt / 10 µV clipped to the PGA range, bus BD =
 * V_bus / 4 mV, current = trunc(shunt × calibration / 4096), power = trunc(|current| × BD / 5000), sets CNVR, and
 * sets OVF when current or power does not fit its register. Reading power or writing a mode clears CNVR. This model
 * converts shunt and bus in every mode except power-down (0b000) and ADC off (0b100).
 *
 * <p>Datasheet rules recorded in {@link #violations()}, besides those of {@link SimulatedWordRegisterDevice}:
 * writes to the read-only data registers, and current or power read while the calibration register is 0 (they
 * read 0 until it is programmed, §8.5.3).
 *
 * <p>Backend face: {@link #setLoad} (bus voltage at IN− and current through the chip's shunt) or
 * {@link #setShuntAndBusVolts}.
 */
public final class SimulatedIna219 extends SimulatedWordRegisterDevice {
    /** Conversion time per ADC field value, µs (§8.6.2.1): 0b0X00..0b0X11 9..12 bit, 0b1000..0b1111 1..128 samples. */
    private static final long[] ADC_MICROS = {
        84, 148, 276, 532, 84, 148, 276, 532, 532, 1060, 2130, 4260, 8510, 17_020, 34_050, 68_100
    };

    private final Sleeper clock;
    private final double shuntOhms;
    private double shuntVolts;
    private double busVolts;

    private boolean converting;
    private long setEndsAt;
    private long conversions;

    /** @param shuntOhms the shunt resistor the simulated board carries */
    public SimulatedIna219(Sleeper clock, double shuntOhms) {
        super("INA219", REGISTER_COUNT);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(shuntOhms > 0)) {
            throw new IllegalArgumentException("shunt must be positive, got " + shuntOhms);
        }
        this.shuntOhms = shuntOhms;
        powerOn();
    }

    /** A breakout board with the common 0.1 Ω shunt. */
    public SimulatedIna219(Sleeper clock) {
        this(clock, 0.1);
    }

    /** Bus voltage at IN− and the current through the shunt, for the next conversions. */
    public synchronized void setLoad(double busVolts, double amps) {
        setShuntAndBusVolts(amps * shuntOhms, busVolts);
    }

    /**
     * The voltages the next conversions see.
     *
     * @throws IllegalArgumentException beyond −0.3..26 V on the bus (§7.3) or ±26 V across the shunt
     */
    public synchronized void setShuntAndBusVolts(double shuntVolts, double busVolts) {
        if (!(busVolts >= -0.3 && busVolts <= 26.0) || !(Math.abs(shuntVolts) <= 26.0)) {
            throw new IllegalArgumentException(
                    "outside the INA219 input range: shunt %s V, bus %s V".formatted(shuntVolts, busVolts));
        }
        this.shuntVolts = shuntVolts;
        this.busVolts = busVolts;
    }

    /** Complete shunt-and-bus conversion sets since power-on. */
    public synchronized long conversions() {
        settle();
        return conversions;
    }

    @Override
    protected int onWordRead(int pointer) {
        settle();
        switch (pointer) {
            case REG_CURRENT, REG_POWER -> {
                if (word(REG_CALIBRATION) == 0) {
                    violation(
                            "INA219: %s read while the calibration register is 0; it reads 0 (§8.5.3)",
                            pointer == REG_CURRENT ? "current" : "power");
                }
            }
            default -> {}
        }
        int value = word(pointer);
        if (pointer == REG_POWER) {
            setWord(REG_BUS_VOLTAGE, word(REG_BUS_VOLTAGE) & ~BUS_CNVR); // §8.6.3.2: reading power clears CNVR
        }
        return value;
    }

    @Override
    protected void onWordWrite(int pointer, int value) {
        settle();
        switch (pointer) {
            case REG_CONFIG -> writeConfig(value);
            case REG_CALIBRATION -> setWord(REG_CALIBRATION, value & ~CALIBRATION_FS0); // FS0 is void
            default -> violation("INA219: write of 0x%04X to read-only register 0x%02X (§8.6)", value, pointer);
        }
    }

    private void writeConfig(int value) {
        if ((value & CONFIG_RST) != 0) {
            powerOn(); // RST: all registers to their power-on values; the bit clears itself
            return;
        }
        setWord(REG_CONFIG, value);
        setWord(REG_BUS_VOLTAGE, word(REG_BUS_VOLTAGE) & ~BUS_CNVR); // writing a mode clears CNVR
        int mode = value & CONFIG_MODE_MASK;
        converting = mode != 0b000 && mode != 0b100;
        setEndsAt = clock.nanoTime() + setNanos(value);
    }

    private void settle() {
        long now = clock.nanoTime();
        while (converting && now - setEndsAt >= 0) {
            publish();
            conversions++;
            int config = word(REG_CONFIG);
            if ((config & 0b100) == 0) {
                converting = false; // triggered: one set, then the chip idles
            } else {
                setEndsAt += setNanos(config);
            }
        }
    }

    private void publish() {
        int config = word(REG_CONFIG);
        int pg = (config >> CONFIG_PG_SHIFT) & CONFIG_PG_MASK;
        long shuntLimit = 4000L << pg; // ±40 mV × 2^PG in 10 µV steps
        long shunt = Math.clamp(Math.round(shuntVolts / 10e-6), -shuntLimit, shuntLimit);
        long busLimit = (config & CONFIG_BRNG_32V) != 0 ? 0x1FFF : 4000; // 16 V range: 4000 × 4 mV
        long bd = Math.clamp(Math.round(busVolts / 0.004), 0, busLimit);
        long calibration = word(REG_CALIBRATION);
        long current = shunt * calibration / 4096; // Java division truncates, as trunc()
        long power = Math.abs(current) * bd / 5000;
        boolean overflow = current > Short.MAX_VALUE || current < Short.MIN_VALUE || power > 0xFFFF;
        setWord(REG_SHUNT_VOLTAGE, (int) shunt);
        setWord(REG_CURRENT, (int) Math.clamp(current, Short.MIN_VALUE, Short.MAX_VALUE));
        setWord(REG_POWER, (int) Math.min(power, 0xFFFF));
        setWord(REG_BUS_VOLTAGE, (int) (bd << BUS_VOLTAGE_SHIFT) | BUS_CNVR | (overflow ? BUS_OVF : 0));
    }

    private static long setNanos(int config) {
        long shunt = ADC_MICROS[(config >> CONFIG_SADC_SHIFT) & CONFIG_ADC_MASK];
        long bus = ADC_MICROS[(config >> CONFIG_BADC_SHIFT) & CONFIG_ADC_MASK];
        return (shunt + bus) * 1000;
    }

    private void powerOn() {
        for (int pointer = 0; pointer < REGISTER_COUNT; pointer++) {
            setWord(pointer, 0);
        }
        setWord(REG_CONFIG, CONFIG_RESET);
        converting = true; // power-on mode 0b111: continuous
        setEndsAt = clock.nanoTime() + setNanos(CONFIG_RESET);
    }
}
