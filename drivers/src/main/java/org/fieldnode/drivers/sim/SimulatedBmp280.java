// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.ADC_SKIPPED;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CONFIG_FIELD_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CONFIG_T_SB_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CTRL_MEAS_MODE_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CTRL_MEAS_OSRS_P_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CTRL_MEAS_OSRS_T_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.MODE_NORMAL;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.MODE_SLEEP;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.OSRS_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CALIB_25;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_TEMP_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_TEMP_XLSB;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.RESET_WORD;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.STATUS_IM_UPDATE;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.STATUS_MEASURING;

import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers;

/**
 * A register-level Bosch BMP280 (datasheet BST-BMP280-DS001) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: chip id 0x58, trimming at 0x88..0x9F (DS Table 17), power-on values (DS §4.2), soft reset with a
 * 2 ms trimming copy (im_update), sleep, forced and normal mode (DS §3.6). A conversion takes the typical time of
 * DS §3.8.1 on the injected clock; status.measuring is set meanwhile and the data registers keep the previous
 * result until it ends. With the IIR filter off, pressure and temperature have 16 + (osrs − 1) bits (DS §3.3.1).
 *
 * <p>Datasheet rules recorded in {@link #violations()}: any use of the BME280's humidity registers (ctrl_hum 0xF2,
 * hum_msb/lsb 0xFD..0xFE, dig_H1 0xA1, dig_H2..dig_H6 0xE1..0xE7), which are reserved on this part; writes to
 * read-only or reserved registers; a reset word other than 0xB6; config written in normal mode (DS §4.3.5; the
 * write is ignored); data read while a forced conversion runs; trimming read while it is being copied.
 *
 * <p>Backend face: {@link #setConditions} (temperature and pressure; humidity is ignored when a {@link Conditions}
 * source is used), {@link #setConditionSource}, {@link #setRawAdc}. Temperature and pressure trimming are the same
 * on both parts, so this chip takes a {@link Bme280Trimming} and ignores its humidity parameters.
 */
public final class SimulatedBmp280 extends SimulatedRegisterDevice {
    static final long NVM_COPY_NANOS = 2_000_000;

    /** t_sb in normal mode, µs, indexed by the config field (DS §4.3.5, Table 11). */
    private static final long[] STANDBY_MICROS = {
        500, 62_500, 125_000, 250_000, 500_000, 1_000_000, 2_000_000, 4_000_000
    };

    private final Bme280FloatCompensation compensation;
    private final Sleeper clock;

    private double celsius = 20.0;
    private double pascal = 101_325.0;
    private Supplier<Conditions> conditionSource;
    private int[] rawOverride;

    private int mode = MODE_SLEEP;
    private long conversionStartedAt;
    private long measureNanos;
    private long cycleNanos;
    private long publishedConversions;
    private long nvmCopyEndsAt;
    private boolean nvmCopying;
    private long conversions;

    public SimulatedBmp280(Bme280Trimming trimming, Sleeper clock) {
        this.compensation = new Bme280FloatCompensation(Objects.requireNonNull(trimming, "trimming"));
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] image = new byte[256];
        trimming.writeTo(image);
        for (int register = REG_CALIB_00; register < REG_CALIB_00 + 24; register++) {
            setRegister(register, image[register]);
        }
        setRegister(REG_CHIP_ID, CHIP_ID);
        powerOnValues();
    }

    /** A chip with the datasheet's worked-example trimming ({@link Bme280Trimming#reference()}). */
    public SimulatedBmp280(Sleeper clock) {
        this(Bme280Trimming.reference(), clock);
    }

    /**
     * Conditions that the next conversions measure.
     *
     * @throws IllegalArgumentException outside the operating range −40..85 °C, 30..110 kPa (DS §1, Table 1)
     */
    public synchronized void setConditions(double celsius, double pascal) {
        checkOperatingRange(celsius, pascal);
        this.celsius = celsius;
        this.pascal = pascal;
        conditionSource = null;
        rawOverride = null;
    }

    /** Pulls temperature and pressure from {@code source} at every conversion, e.g. a {@link DayNightWeather}. */
    public synchronized void setConditionSource(Supplier<Conditions> source) {
        conditionSource = Objects.requireNonNull(source, "source");
        rawOverride = null;
    }

    /** Raw 20-bit ADC outputs for the next conversions, published as given. */
    public synchronized void setRawAdc(int adcPressure, int adcTemperature) {
        if ((adcPressure | adcTemperature) >>> 20 != 0) {
            throw new IllegalArgumentException("ADC values are 20 bits wide");
        }
        rawOverride = new int[] {adcPressure, adcTemperature};
        conditionSource = null;
    }

    /** Pretends to be another part, e.g. a BME280 (0x60). */
    public synchronized void setChipId(int chipId) {
        setRegister(REG_CHIP_ID, chipId);
    }

    /** Conversions completed since power-on. */
    public synchronized long conversions() {
        settle();
        return conversions;
    }

    @Override
    protected void onWrite(int register, int value) {
        settle();
        if (isHumidityRegister(register)) {
            violation("write of 0x%02X to 0x%02X, a BME280 humidity register; a BMP280 has none", value, register);
            return;
        }
        if (isReadOnly(register)) {
            violation("write of 0x%02X to read-only register 0x%02X (DS §4.2)", value, register);
            return;
        }
        switch (register) {
            case REG_RESET -> reset(value);
            case REG_CTRL_MEAS -> writeCtrlMeas(value);
            case REG_CONFIG -> {
                if (mode == MODE_NORMAL) {
                    violation("config 0x%02X written in normal mode and ignored (DS §4.3.5)", value);
                    return;
                }
                setRegister(register, value);
            }
            default -> violation("write of 0x%02X to reserved register 0x%02X (DS §4.2)", value, register);
        }
    }

    @Override
    protected void beforeRead(int firstRegister, int length) {
        settle();
        int last = firstRegister + length - 1;
        for (int register = firstRegister; register <= last; register++) {
            if (isHumidityRegister(register & 0xFF)) {
                violation("read of 0x%02X, a BME280 humidity register; a BMP280 has none", register & 0xFF);
                break;
            }
        }
        if (overlaps(firstRegister, last, REG_PRESS_MSB, REG_TEMP_XLSB)
                && mode != MODE_NORMAL
                && (status() & STATUS_MEASURING) != 0) {
            violation("data read while the forced conversion still runs: status.measuring (DS §3.6.2)");
        }
        if (overlaps(firstRegister, last, REG_CALIB_00, REG_CALIB_25) && nvmCopying) {
            violation("trimming read while it is copied from NVM: status.im_update (DS §4.3.3)");
        }
    }

    @Override
    protected int onRead(int register) {
        return switch (register) {
            case REG_STATUS -> status();
            case REG_RESET -> 0x00;
            default -> register(register);
        };
    }

    private void writeCtrlMeas(int value) {
        setRegister(REG_CTRL_MEAS, value);
        int requested = value & CTRL_MEAS_MODE_MASK;
        mode = requested == 0b10 ? 0b01 : requested; // 01 and 10 both mean forced (DS §3.6, Table 10)
        if (mode == MODE_SLEEP) {
            return;
        }
        conversionStartedAt = clock.nanoTime();
        measureNanos = typicalMeasurementNanos();
        long standby = STANDBY_MICROS[(register(REG_CONFIG) >> CONFIG_T_SB_SHIFT) & CONFIG_FIELD_MASK] * 1000;
        cycleNanos = measureNanos + standby;
        publishedConversions = 0;
    }

    private void settle() {
        long now = clock.nanoTime();
        nvmCopying = nvmCopying && now - nvmCopyEndsAt < 0;
        if (mode == MODE_SLEEP) {
            return;
        }
        long elapsed = now - conversionStartedAt;
        long completed = mode == MODE_NORMAL
                ? elapsed / cycleNanos + (elapsed % cycleNanos >= measureNanos ? 1 : 0)
                : (elapsed >= measureNanos ? 1 : 0);
        if (completed > publishedConversions) {
            publish();
            conversions += completed - publishedConversions;
            publishedConversions = completed;
            if (mode != MODE_NORMAL) {
                mode = MODE_SLEEP; // DS §3.6.2: after a forced conversion the chip returns to sleep
                setRegister(REG_CTRL_MEAS, register(REG_CTRL_MEAS) & ~CTRL_MEAS_MODE_MASK);
            }
        }
    }

    private int status() {
        int status = nvmCopying ? STATUS_IM_UPDATE : 0;
        if (mode != MODE_SLEEP) {
            long elapsed = clock.nanoTime() - conversionStartedAt;
            long inCycle = mode == MODE_NORMAL ? elapsed % cycleNanos : elapsed;
            if (inCycle < measureNanos) {
                status |= STATUS_MEASURING;
            }
        }
        return status;
    }

    private void publish() {
        int osrsT = (register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_T_SHIFT) & OSRS_MASK;
        int osrsP = (register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_P_SHIFT) & OSRS_MASK;
        boolean filterOn = ((register(REG_CONFIG) >> 2) & CONFIG_FIELD_MASK) != 0;
        int adcT;
        int adcP;
        if (rawOverride != null) {
            adcP = rawOverride[0];
            adcT = rawOverride[1];
        } else {
            if (conditionSource != null) {
                Conditions pulled = conditionSource.get();
                checkOperatingRange(pulled.celsius(), pulled.pascal());
                celsius = pulled.celsius();
                pascal = pulled.pascal();
            }
            adcT = quantise(compensation.adcTemperature(celsius), osrsT, filterOn);
            adcP = quantise(compensation.adcPressure(pascal, compensation.tFine(adcT)), osrsP, filterOn);
        }
        put20(REG_PRESS_MSB, osrsP == 0 ? ADC_SKIPPED : adcP);
        put20(REG_TEMP_MSB, osrsT == 0 ? ADC_SKIPPED : adcT);
    }

    /** DS §3.3.1: with the filter off, resolution is 16 + (osrs − 1) bits; round to that many bits. */
    private static int quantise(int adc20, int osrs, boolean filterOn) {
        if (filterOn || osrs == 0) {
            return adc20;
        }
        int bits = 16 + Math.min(osrs, 5) - 1;
        int step = 1 << (20 - bits);
        return Math.min((adc20 + step / 2) / step * step, 0x10_0000 - step);
    }

    /** 1 + 2·T + (2·P + 0.5) ms (DS §3.8.1, Table 13); a skipped pressure contributes nothing. */
    private long typicalMeasurementNanos() {
        int t = factor((register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_T_SHIFT) & OSRS_MASK);
        int p = factor((register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_P_SHIFT) & OSRS_MASK);
        long micros = 1000 + 2000L * t + (p == 0 ? 0 : 2000L * p + 500);
        return micros * 1000;
    }

    private static int factor(int osrs) {
        return osrs == 0 ? 0 : 1 << (Math.min(osrs, 5) - 1);
    }

    private void reset(int value) {
        if (value != RESET_WORD) {
            violation("reset register written with 0x%02X; only 0xB6 resets (DS §4.3.2)", value);
            return;
        }
        powerOnValues();
        nvmCopying = true;
        nvmCopyEndsAt = clock.nanoTime() + NVM_COPY_NANOS;
    }

    /** Power-on values (DS §4.2): control registers 0x00, data 0x80 0x00 0x00 / 0x80 0x00 0x00. */
    private void powerOnValues() {
        setRegister(REG_CTRL_MEAS, 0x00);
        setRegister(REG_CONFIG, 0x00);
        put20(REG_PRESS_MSB, ADC_SKIPPED);
        put20(REG_TEMP_MSB, ADC_SKIPPED);
        mode = MODE_SLEEP;
    }

    private void put20(int msbRegister, int value) {
        setRegister(msbRegister, value >> 12);
        setRegister(msbRegister + 1, value >> 4);
        setRegister(msbRegister + 2, (value & 0x0F) << 4);
    }

    /** Registers a BME280 uses for humidity; reserved on the BMP280. */
    private static boolean isHumidityRegister(int register) {
        return register == Bme280Registers.REG_DIG_H1
                || register == Bme280Registers.REG_CTRL_HUM
                || register == Bme280Registers.REG_HUM_MSB
                || register == Bme280Registers.REG_HUM_LSB
                || (register >= Bme280Registers.REG_CALIB_26 && register < Bme280Registers.REG_CALIB_26 + 7);
    }

    private static boolean isReadOnly(int register) {
        return register == REG_CHIP_ID
                || register == REG_STATUS
                || (register >= REG_CALIB_00 && register <= REG_CALIB_25)
                || (register >= REG_PRESS_MSB && register <= REG_TEMP_XLSB);
    }

    private static boolean overlaps(int first, int last, int from, int to) {
        return first <= to && last >= from;
    }

    private static void checkOperatingRange(double celsius, double pascal) {
        if (!(celsius >= -40 && celsius <= 85 && pascal >= 30_000 && pascal <= 110_000)) {
            throw new IllegalArgumentException(
                    "outside the BMP280 operating range (DS §1): %s Cel, %s Pa".formatted(celsius, pascal));
        }
    }
}
