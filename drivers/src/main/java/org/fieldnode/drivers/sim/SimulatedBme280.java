// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.ADC_16_BIT_SKIPPED;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.ADC_20_BIT_SKIPPED;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CONFIG_FIELD_MASK;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CONFIG_FILTER_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CONFIG_T_SB_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CTRL_HUM_OSRS_H_MASK;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CTRL_MEAS_MODE_MASK;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CTRL_MEAS_OSRS_P_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CTRL_MEAS_OSRS_T_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.MODE_NORMAL;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.MODE_SLEEP;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.OSRS_MASK;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_26;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_41;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CTRL_HUM;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_DIG_H1;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_HUM_LSB;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_HUM_MSB;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_TEMP_MSB;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.RESET_WORD;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.STATUS_IM_UPDATE;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.STATUS_MEASURING;

import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A register-level Bosch BME280 (datasheet BST-BME280-DS002) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: chip id 0x60, trimming at 0x88..0xA1 and 0xE1..0xE7 (DS Table 16), power-on values (DS §5.3),
 * soft reset (DS §5.4.2) with a 2 ms trimming copy during which status.im_update is set, sleep, forced and normal
 * mode (DS §3.3). A conversion takes the typical time of DS §9.1 on the injected clock; status.measuring is set
 * meanwhile and the data registers keep the previous result until it ends. A forced conversion returns the chip
 * to sleep. A skipped measurement outputs 0x80000 (0x8000 for humidity). With the IIR filter off, pressure and
 * temperature have 16 + (osrs − 1) bits of resolution (DS §3.4); the filter's smoothing itself is not modelled.
 *
 * <p>Datasheet rules recorded in {@link #violations()}: writes to read-only or reserved registers (DS §5.3), a
 * reset word other than 0xB6 (DS §5.4.2), config written in normal mode (DS §5.4.6; the write is ignored), data
 * read while ctrl_hum awaits the ctrl_meas write that applies it (DS §5.4.3), data read while a forced conversion
 * runs (DS §5.4.4) and trimming read while it is being copied (DS §5.4.4).
 *
 * <p>Backend face, in physical units: {@link #setConditions}, {@link #setConditionSource}; or raw:
 * {@link #setRawAdc}. Physical conditions are turned into the ADC values that the datasheet's floating-point
 * compensation (DS §8.1) maps back to them, found by bisection.
 */
public final class SimulatedBme280 extends SimulatedRegisterDevice {
    /** Trimming copy after reset (DS Table 1, start-up time 2 ms). */
    static final long NVM_COPY_NANOS = 2_000_000;

    /** Conditions a fresh chip measures until told otherwise: 20 °C, 50 %RH, 101 325 Pa. */
    public static final Conditions POWER_ON_CONDITIONS = new Conditions(20.0, 50.0, 101_325.0);

    /** t_sb in normal mode, µs, indexed by the config field (DS §5.4.6, Table 27). */
    private static final long[] STANDBY_MICROS = {500, 62_500, 125_000, 250_000, 500_000, 1_000_000, 10_000, 20_000};

    private final Bme280Trimming trimming;
    private final Bme280FloatCompensation compensation;
    private final Sleeper clock;

    private Conditions conditions = POWER_ON_CONDITIONS;
    private Supplier<Conditions> conditionSource;
    private RawAdc rawOverride;

    private int mode = MODE_SLEEP;
    private int appliedOsrsH;
    private boolean ctrlHumPending;
    private long conversionStartedAt;
    private long measureNanos;
    private long cycleNanos;
    private long publishedConversions;
    private long nvmCopyEndsAt;
    private boolean nvmCopying;
    private long conversions;

    /**
     * @param clock the time base of conversions; share the driver's {@code FakeSleeper} in tests
     */
    public SimulatedBme280(Bme280Trimming trimming, Sleeper clock) {
        this.trimming = Objects.requireNonNull(trimming, "trimming");
        this.compensation = new Bme280FloatCompensation(trimming);
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] image = new byte[256];
        trimming.writeTo(image);
        for (int register = 0; register < image.length; register++) {
            setRegister(register, image[register]);
        }
        setRegister(REG_CHIP_ID, CHIP_ID);
        powerOnValues();
    }

    /** A chip with {@link Bme280Trimming#reference()} trimming. */
    public SimulatedBme280(Sleeper clock) {
        this(Bme280Trimming.reference(), clock);
    }

    public Bme280Trimming trimming() {
        return trimming;
    }

    /**
     * Conditions that the next conversions measure.
     *
     * @throws IllegalArgumentException outside the chip's operating range: −40..85 °C, 0..100 %RH, 30..110 kPa
     */
    public synchronized void setConditions(double celsius, double relativeHumidity, double pascal) {
        Conditions next = new Conditions(celsius, relativeHumidity, pascal);
        checkOperatingRange(next);
        conditions = next;
        conditionSource = null;
        rawOverride = null;
    }

    /** Pulls the conditions from {@code source} at every conversion, e.g. a {@link DayNightWeather}. */
    public synchronized void setConditionSource(Supplier<Conditions> source) {
        conditionSource = Objects.requireNonNull(source, "source");
        rawOverride = null;
    }

    /** Raw ADC outputs for the next conversions, published as given (no resolution loss). */
    public synchronized void setRawAdc(int adcPressure, int adcTemperature, int adcHumidity) {
        if ((adcPressure | adcTemperature) >>> 20 != 0 || adcHumidity >>> 16 != 0) {
            throw new IllegalArgumentException("ADC values are 20, 20 and 16 bits wide");
        }
        rawOverride = new RawAdc(adcPressure, adcTemperature, adcHumidity);
        conditionSource = null;
    }

    /** Pretends to be another part, e.g. a BMP280 (0x58). */
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
        if (isReadOnly(register)) {
            violation("write of 0x%02X to read-only register 0x%02X (DS §5.3)", value, register);
            return;
        }
        switch (register) {
            case REG_RESET -> reset(value);
            case REG_CTRL_HUM -> {
                setRegister(register, value);
                ctrlHumPending = true;
            }
            case REG_CTRL_MEAS -> writeCtrlMeas(value);
            case REG_CONFIG -> {
                if (mode == MODE_NORMAL) {
                    violation("config 0x%02X written in normal mode and ignored (DS §5.4.6)", value);
                    return;
                }
                setRegister(register, value);
            }
            default -> violation("write of 0x%02X to reserved register 0x%02X (DS §5.3)", value, register);
        }
    }

    @Override
    protected void beforeRead(int firstRegister, int length) {
        settle();
        int last = firstRegister + length - 1;
        if (overlaps(firstRegister, last, REG_PRESS_MSB, REG_HUM_LSB)) {
            if (ctrlHumPending) {
                violation(
                        "data read while ctrl_hum 0x%02X awaits a ctrl_meas write to apply it (DS §5.4.3)",
                        register(REG_CTRL_HUM));
            }
            if (mode != MODE_NORMAL && (status() & STATUS_MEASURING) != 0) {
                violation("data read while the forced conversion still runs: status.measuring (DS §5.4.4)");
            }
        }
        boolean trimming = overlaps(firstRegister, last, REG_CALIB_00, REG_DIG_H1)
                || overlaps(firstRegister, last, REG_CALIB_26, REG_CALIB_41);
        if (trimming && nvmCopying) {
            violation("trimming read while it is copied from NVM: status.im_update (DS §5.4.4)");
        }
    }

    @Override
    protected int onRead(int register) {
        return switch (register) {
            case REG_STATUS -> status();
            case REG_RESET -> 0x00; // reads as 0x00 (DS §5.4.2)
            default -> register(register);
        };
    }

    private void writeCtrlMeas(int value) {
        setRegister(REG_CTRL_MEAS, value);
        // DS §5.4.3: ctrl_hum becomes effective with this write.
        appliedOsrsH = register(REG_CTRL_HUM) & CTRL_HUM_OSRS_H_MASK;
        ctrlHumPending = false;
        int requested = value & CTRL_MEAS_MODE_MASK;
        mode = requested == 0b10 ? 0b01 : requested; // 01 and 10 both mean forced (DS Table 25)
        if (mode == MODE_SLEEP) {
            return;
        }
        conversionStartedAt = clock.nanoTime();
        measureNanos = typicalMeasurementNanos();
        long standby = STANDBY_MICROS[(register(REG_CONFIG) >> CONFIG_T_SB_SHIFT) & CONFIG_FIELD_MASK] * 1000;
        cycleNanos = measureNanos + standby;
        publishedConversions = 0;
    }

    /** Brings conversions and the trimming copy up to the clock. Forced: one conversion; normal: one per cycle. */
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
                mode = MODE_SLEEP; // DS §3.3.2: after a forced conversion the chip returns to sleep
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
        boolean filterOn = ((register(REG_CONFIG) >> CONFIG_FILTER_SHIFT) & CONFIG_FIELD_MASK) != 0;
        RawAdc adc = rawOverride != null ? rawOverride : convert(osrsT, osrsP, filterOn);
        put20(REG_PRESS_MSB, osrsP == 0 ? ADC_20_BIT_SKIPPED : adc.pressure());
        put20(REG_TEMP_MSB, osrsT == 0 ? ADC_20_BIT_SKIPPED : adc.temperature());
        int humidity = appliedOsrsH == 0 ? ADC_16_BIT_SKIPPED : adc.humidity();
        setRegister(REG_HUM_MSB, humidity >> 8);
        setRegister(REG_HUM_LSB, humidity);
    }

    private RawAdc convert(int osrsT, int osrsP, boolean filterOn) {
        if (conditionSource != null) {
            Conditions pulled = conditionSource.get();
            checkOperatingRange(pulled);
            conditions = pulled;
        }
        int adcT = quantise(compensation.adcTemperature(conditions.celsius()), osrsT, filterOn);
        int tFine = compensation.tFine(adcT);
        int adcP = quantise(compensation.adcPressure(conditions.pascal(), tFine), osrsP, filterOn);
        int adcH = compensation.adcHumidity(conditions.relativeHumidity(), tFine);
        return new RawAdc(adcP, adcT, adcH);
    }

    /** DS §3.4: with the filter off, resolution is 16 + (osrs − 1) bits; round to that many bits. */
    private static int quantise(int adc20, int osrs, boolean filterOn) {
        if (filterOn || osrs == 0) {
            return adc20;
        }
        int bits = 16 + Math.min(osrs, 5) - 1;
        int step = 1 << (20 - bits);
        return Math.min((adc20 + step / 2) / step * step, 0x10_0000 - step);
    }

    /** DS §9.1: 1 + 2·T + (2·P + 0.5) + (2·H + 0.5) ms, skipped channels contribute nothing. */
    private long typicalMeasurementNanos() {
        int t = factor((register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_T_SHIFT) & OSRS_MASK);
        int p = factor((register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_P_SHIFT) & OSRS_MASK);
        int h = factor(appliedOsrsH);
        long micros = 1000 + 2000L * t + (p == 0 ? 0 : 2000L * p + 500) + (h == 0 ? 0 : 2000L * h + 500);
        return micros * 1000;
    }

    /** Samples averaged for an osrs field; values above 0b101 also mean x16 (DS Table 20). */
    private static int factor(int osrs) {
        return osrs == 0 ? 0 : 1 << (Math.min(osrs, 5) - 1);
    }

    private void reset(int value) {
        if (value != RESET_WORD) {
            violation("reset register written with 0x%02X; only 0xB6 resets (DS §5.4.2)", value);
            return;
        }
        powerOnValues();
        nvmCopying = true;
        nvmCopyEndsAt = clock.nanoTime() + NVM_COPY_NANOS;
    }

    /** Power-on register values (DS §5.3): control registers 0x00, data 0x80 0x00 0x00 / 0x80 0x00 0x00 / 0x80 0x00. */
    private void powerOnValues() {
        setRegister(REG_CTRL_HUM, 0x00);
        setRegister(REG_CTRL_MEAS, 0x00);
        setRegister(REG_CONFIG, 0x00);
        put20(REG_PRESS_MSB, ADC_20_BIT_SKIPPED);
        put20(REG_TEMP_MSB, ADC_20_BIT_SKIPPED);
        setRegister(REG_HUM_MSB, ADC_16_BIT_SKIPPED >> 8);
        setRegister(REG_HUM_LSB, ADC_16_BIT_SKIPPED);
        mode = MODE_SLEEP;
        appliedOsrsH = 0;
        ctrlHumPending = false;
    }

    private void put20(int msbRegister, int value) {
        setRegister(msbRegister, value >> 12);
        setRegister(msbRegister + 1, value >> 4);
        setRegister(msbRegister + 2, (value & 0x0F) << 4); // xlsb bits 7..4
    }

    private static boolean isReadOnly(int register) {
        return register == REG_CHIP_ID
                || register == REG_STATUS
                || (register >= REG_CALIB_00 && register <= REG_DIG_H1)
                || (register >= REG_CALIB_26 && register <= REG_CALIB_41)
                || (register >= REG_PRESS_MSB && register <= REG_HUM_LSB);
    }

    private static boolean overlaps(int first, int last, int from, int to) {
        return first <= to && last >= from;
    }

    private static void checkOperatingRange(Conditions c) {
        if (c.celsius() < -40 || c.celsius() > 85 || c.pascal() < 30_000 || c.pascal() > 110_000) {
            throw new IllegalArgumentException("outside the BME280 operating range (DS §1): " + c);
        }
    }

    private record RawAdc(int pressure, int temperature, int humidity) {}
}
