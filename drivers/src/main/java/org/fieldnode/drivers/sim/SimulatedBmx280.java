// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.ADC_16_BIT_SKIPPED;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.ADC_20_BIT_SKIPPED;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CONFIG_FIELD_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CONFIG_FILTER_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CONFIG_T_SB_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CTRL_HUM_OSRS_H_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CTRL_MEAS_MODE_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CTRL_MEAS_OSRS_P_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.CTRL_MEAS_OSRS_T_SHIFT;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.MODE_NORMAL;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.MODE_SLEEP;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.OSRS_MASK;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_25;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_26;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_41;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_HUM;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_HUM_LSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_HUM_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_TEMP_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_TEMP_XLSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.RESET_WORD;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.STATUS_IM_UPDATE;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.STATUS_MEASURING;

import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Trimming;

/**
 * A register-level Bosch BME280 or BMP280 for tests and {@code --simulate} runs; {@link SimulatedBme280} and
 * {@link SimulatedBmp280} choose the {@link Bmx280Model} and add the backend methods that fit their part. "BME §"
 * and "BMP §" cite the datasheets BST-BME280-DS002 and BST-BMP280-DS001.
 *
 * <p>Bus face: the model's chip id; trimming at 0x88..0x9F, and on a BME280 dig_H1 at 0xA1 and 0xE1..0xE7 (BME Table
 * 16, BMP Table 17); power-on values (BME §5.3, BMP §4.2); soft reset with a 2 ms trimming copy during which
 * status.im_update is set; sleep, forced and normal mode (BME §3.3, BMP §3.6). A conversion takes the typical time
 * (BME §9.1, BMP §3.8.1) on the injected clock; status.measuring is set meanwhile and the data registers keep the
 * previous result until it ends. A forced conversion returns the chip to sleep. A skipped measurement outputs 0x80000
 * (0x8000 for humidity). With the IIR filter off, pressure and temperature have 16 + (osrs − 1) bits of resolution
 * (BME §3.4, BMP §3.3.1); the filter's smoothing itself is not modelled.
 *
 * <p>Datasheet rules recorded in {@link #violations()}, each citing its part's section: writes to read-only or
 * reserved registers; a reset word other than 0xB6; config written in normal mode (the write is ignored); data read
 * while a forced conversion runs; trimming read while it is being copied. On a BME280 also data read while ctrl_hum
 * awaits the ctrl_meas write that applies it (BME §5.4.3); on a BMP280 any use of the BME280's humidity registers
 * (ctrl_hum 0xF2, hum_msb/lsb 0xFD..0xFE, dig_H1 0xA1, dig_H2..dig_H6 0xE1..0xE7), which are reserved there.
 *
 * <p>Backend face, in physical units: the subclass's {@code setConditions}, {@link #setConditionSource}; or raw: the
 * subclass's {@code setRawAdc}. Physical conditions are turned into the ADC values that the datasheet's
 * floating-point compensation (BME §8.1) maps back to them, found by bisection.
 */
public abstract sealed class SimulatedBmx280 extends SimulatedRegisterDevice permits SimulatedBme280, SimulatedBmp280 {
    /** Trimming copy after reset (BME Table 1, BMP Table 2: start-up time 2 ms). */
    static final long NVM_COPY_NANOS = 2_000_000;

    /** Conditions a fresh chip measures until told otherwise: 20 °C, 50 %RH, 101 325 Pa. */
    public static final Conditions POWER_ON_CONDITIONS = new Conditions(20.0, 50.0, 101_325.0);

    /**
     * Temperature and pressure trimming of the datasheets' worked example (dig_T1 = 27504 … dig_P9 = 6000, for which
     * adc_T = 519888 gives 25.08 °C and adc_P = 415148 about 100653 Pa), with humidity trimming typical of production
     * parts (dig_H1 = 75, dig_H2 = 362, dig_H3 = 0, dig_H4 = 313, dig_H5 = 50, dig_H6 = 30).
     */
    public static final Bmx280Trimming REFERENCE_TRIMMING = new Bmx280Trimming(
            27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30);

    /**
     * Where each part's datasheet states the rules the simulator enforces, and its normal-mode standby times.
     *
     * @param standbyMicros t_sb in µs, indexed by the config field (BME Table 27, BMP Table 11)
     */
    record Datasheet(
            String memoryMap,
            String reset,
            String trimmingCopy,
            String config,
            String forcedConversion,
            long[] standbyMicros) {
        static final Datasheet BME280 = new Datasheet("§5.3", "§5.4.2", "§5.4.4", "§5.4.6", "§5.4.4", new long[] {
            500, 62_500, 125_000, 250_000, 500_000, 1_000_000, 10_000, 20_000
        });
        static final Datasheet BMP280 = new Datasheet("§4.2", "§4.3.2", "§4.3.3", "§4.3.5", "§3.6.2", new long[] {
            500, 62_500, 125_000, 250_000, 500_000, 1_000_000, 2_000_000, 4_000_000
        });
    }

    private final Bmx280Model model;
    private final Datasheet datasheet;
    private final Bmx280Trimming trimming;
    private final Bmx280FloatCompensation compensation;
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

    SimulatedBmx280(Bmx280Model model, Datasheet datasheet, Bmx280Trimming trimming, Sleeper clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.datasheet = Objects.requireNonNull(datasheet, "datasheet");
        this.trimming = Objects.requireNonNull(trimming, "trimming");
        this.compensation = new Bmx280FloatCompensation(trimming);
        this.clock = Objects.requireNonNull(clock, "clock");
        writeTrimming();
        setRegister(REG_CHIP_ID, model.chipId());
        powerOnValues();
    }

    /** The trimming programmed into this chip; a BMP280 ignores the humidity parameters. */
    public Bmx280Trimming trimming() {
        return trimming;
    }

    /** Pulls the conditions from {@code source} at every conversion, e.g. a {@link DayNightWeather}. */
    public final synchronized void setConditionSource(Supplier<Conditions> source) {
        conditionSource = Objects.requireNonNull(source, "source");
        rawOverride = null;
    }

    /** Pretends to be another part, e.g. a BMP280 (0x58) or a BME280 (0x60). */
    public final synchronized void setChipId(int chipId) {
        setRegister(REG_CHIP_ID, chipId);
    }

    /** Conversions completed since power-on. */
    public final synchronized long conversions() {
        settle();
        return conversions;
    }

    /**
     * Conditions that the next conversions measure; a BMP280 ignores the humidity.
     *
     * @throws IllegalArgumentException outside the part's operating range (BME §1, BMP §1): −40..85 °C, 30..110 kPa
     */
    final synchronized void useConditions(Conditions next) {
        checkOperatingRange(next);
        conditions = next;
        conditionSource = null;
        rawOverride = null;
    }

    /** Raw ADC outputs for the next conversions, published as given (no resolution loss). */
    final synchronized void useRawAdc(int adcPressure, int adcTemperature, int adcHumidity) {
        rawOverride = new RawAdc(adcPressure, adcTemperature, adcHumidity);
        conditionSource = null;
    }

    @Override
    protected void onWrite(int register, int value) {
        settle();
        if (!model.hasHumidity() && isHumidityRegister(register)) {
            violation("write of 0x%02X to 0x%02X, a BME280 humidity register; a BMP280 has none", value, register);
            return;
        }
        if (isReadOnly(register)) {
            violation("write of 0x%02X to read-only register 0x%02X (DS %s)", value, register, datasheet.memoryMap());
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
                    violation("config 0x%02X written in normal mode and ignored (DS %s)", value, datasheet.config());
                    return;
                }
                setRegister(register, value);
            }
            default ->
                violation(
                        "write of 0x%02X to reserved register 0x%02X (DS %s)", value, register, datasheet.memoryMap());
        }
    }

    @Override
    protected void beforeRead(int firstRegister, int length) {
        settle();
        int last = firstRegister + length - 1;
        if (!model.hasHumidity()) {
            for (int register = firstRegister; register <= last; register++) {
                if (isHumidityRegister(register & 0xFF)) {
                    violation("read of 0x%02X, a BME280 humidity register; a BMP280 has none", register & 0xFF);
                    break;
                }
            }
        }
        if (overlaps(firstRegister, last, REG_PRESS_MSB, lastDataRegister())) {
            if (ctrlHumPending) {
                violation(
                        "data read while ctrl_hum 0x%02X awaits a ctrl_meas write to apply it (DS §5.4.3)",
                        register(REG_CTRL_HUM));
            }
            if (mode != MODE_NORMAL && (status() & STATUS_MEASURING) != 0) {
                violation(
                        "data read while the forced conversion still runs: status.measuring (DS %s)",
                        datasheet.forcedConversion());
            }
        }
        boolean trimmingRead = overlaps(firstRegister, last, REG_CALIB_00, REG_CALIB_25)
                || (model.hasHumidity() && overlaps(firstRegister, last, REG_CALIB_26, REG_CALIB_41));
        if (trimmingRead && nvmCopying) {
            violation("trimming read while it is copied from NVM: status.im_update (DS %s)", datasheet.trimmingCopy());
        }
    }

    @Override
    protected int onRead(int register) {
        return switch (register) {
            case REG_STATUS -> status();
            case REG_RESET -> 0x00; // reads as 0x00 (BME §5.4.2, BMP §4.3.2)
            default -> register(register);
        };
    }

    private void writeCtrlMeas(int value) {
        setRegister(REG_CTRL_MEAS, value);
        // BME §5.4.3: ctrl_hum becomes effective with this write.
        appliedOsrsH = register(REG_CTRL_HUM) & CTRL_HUM_OSRS_H_MASK;
        ctrlHumPending = false;
        int requested = value & CTRL_MEAS_MODE_MASK;
        mode = requested == 0b10 ? 0b01 : requested; // 01 and 10 both mean forced (BME Table 25, BMP Table 10)
        if (mode == MODE_SLEEP) {
            return;
        }
        conversionStartedAt = clock.nanoTime();
        measureNanos = typicalMeasurementNanos();
        int tSb = (register(REG_CONFIG) >> CONFIG_T_SB_SHIFT) & CONFIG_FIELD_MASK;
        cycleNanos = measureNanos + datasheet.standbyMicros()[tSb] * 1000;
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
                mode = MODE_SLEEP; // BME §3.3.2, BMP §3.6.2: after a forced conversion the chip returns to sleep
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
        if (model.hasHumidity()) {
            putHumidity(appliedOsrsH == 0 ? ADC_16_BIT_SKIPPED : adc.humidity());
        }
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
        int adcH = model.hasHumidity()
                ? compensation.adcHumidity(conditions.relativeHumidity(), tFine)
                : ADC_16_BIT_SKIPPED;
        return new RawAdc(adcP, adcT, adcH);
    }

    /** BME §3.4, BMP §3.3.1: with the filter off, resolution is 16 + (osrs − 1) bits; round to that many bits. */
    private static int quantise(int adc20, int osrs, boolean filterOn) {
        if (filterOn || osrs == 0) {
            return adc20;
        }
        int bits = 16 + Math.min(osrs, 5) - 1;
        int step = 1 << (20 - bits);
        return Math.min((adc20 + step / 2) / step * step, 0x10_0000 - step);
    }

    /** 1 + 2·T + (2·P + 0.5) + (2·H + 0.5) ms, skipped channels contribute nothing (BME §9.1, BMP §3.8.1 Table 13). */
    private long typicalMeasurementNanos() {
        int t = factor((register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_T_SHIFT) & OSRS_MASK);
        int p = factor((register(REG_CTRL_MEAS) >> CTRL_MEAS_OSRS_P_SHIFT) & OSRS_MASK);
        int h = factor(appliedOsrsH);
        long micros = 1000 + 2000L * t + (p == 0 ? 0 : 2000L * p + 500) + (h == 0 ? 0 : 2000L * h + 500);
        return micros * 1000;
    }

    /** Samples averaged for an osrs field; values above 0b101 also mean x16 (BME Table 20). */
    private static int factor(int osrs) {
        return osrs == 0 ? 0 : 1 << (Math.min(osrs, 5) - 1);
    }

    private void reset(int value) {
        if (value != RESET_WORD) {
            violation("reset register written with 0x%02X; only 0xB6 resets (DS %s)", value, datasheet.reset());
            return;
        }
        powerOnValues();
        nvmCopying = true;
        nvmCopyEndsAt = clock.nanoTime() + NVM_COPY_NANOS;
    }

    /** Power-on register values: control registers 0x00, data 0x80 0x00 0x00 / 0x80 0x00 0x00 (/ 0x80 0x00). */
    private void powerOnValues() {
        if (model.hasHumidity()) {
            setRegister(REG_CTRL_HUM, 0x00);
            putHumidity(ADC_16_BIT_SKIPPED);
        }
        setRegister(REG_CTRL_MEAS, 0x00);
        setRegister(REG_CONFIG, 0x00);
        put20(REG_PRESS_MSB, ADC_20_BIT_SKIPPED);
        put20(REG_TEMP_MSB, ADC_20_BIT_SKIPPED);
        mode = MODE_SLEEP;
        appliedOsrsH = 0;
        ctrlHumPending = false;
    }

    /**
     * The simulator's own encoder of the trimming layout (BME Table 16, BMP Table 17), written apart from the
     * driver's parser so that each checks the other.
     */
    private void writeTrimming() {
        int[] tp = {
            trimming.digT1(), trimming.digT2(), trimming.digT3(), trimming.digP1(), trimming.digP2(), trimming.digP3(),
            trimming.digP4(), trimming.digP5(), trimming.digP6(), trimming.digP7(), trimming.digP8(), trimming.digP9()
        };
        for (int i = 0; i < tp.length; i++) {
            setRegister(REG_CALIB_00 + 2 * i, tp[i]); // little endian: LSB first
            setRegister(REG_CALIB_00 + 2 * i + 1, tp[i] >> 8);
        }
        if (!model.hasHumidity()) {
            return;
        }
        int h4 = trimming.digH4();
        int h5 = trimming.digH5();
        setRegister(REG_CALIB_25, trimming.digH1());
        setRegister(REG_CALIB_26, trimming.digH2());
        setRegister(REG_CALIB_26 + 1, trimming.digH2() >> 8);
        setRegister(REG_CALIB_26 + 2, trimming.digH3());
        setRegister(REG_CALIB_26 + 3, h4 >> 4); // 0xE4: dig_H4 [11:4]
        setRegister(REG_CALIB_26 + 4, (h5 & 0x0F) << 4 | (h4 & 0x0F)); // 0xE5: H5 [3:0] | H4 [3:0]
        setRegister(REG_CALIB_26 + 5, h5 >> 4); // 0xE6: dig_H5 [11:4]
        setRegister(REG_CALIB_26 + 6, trimming.digH6());
    }

    private void put20(int msbRegister, int value) {
        setRegister(msbRegister, value >> 12);
        setRegister(msbRegister + 1, value >> 4);
        setRegister(msbRegister + 2, (value & 0x0F) << 4); // xlsb bits 7..4
    }

    private void putHumidity(int value) {
        setRegister(REG_HUM_MSB, value >> 8);
        setRegister(REG_HUM_LSB, value);
    }

    private int lastDataRegister() {
        return model.hasHumidity() ? REG_HUM_LSB : REG_TEMP_XLSB;
    }

    private boolean isReadOnly(int register) {
        return register == REG_CHIP_ID
                || register == REG_STATUS
                || (register >= REG_CALIB_00 && register <= REG_CALIB_25)
                || (model.hasHumidity() && register >= REG_CALIB_26 && register <= REG_CALIB_41)
                || (register >= REG_PRESS_MSB && register <= lastDataRegister());
    }

    /** Registers a BME280 uses for humidity; reserved on the BMP280. */
    private static boolean isHumidityRegister(int register) {
        return register == REG_CALIB_25
                || register == REG_CTRL_HUM
                || register == REG_HUM_MSB
                || register == REG_HUM_LSB
                || (register >= REG_CALIB_26 && register < REG_CALIB_26 + Bmx280Model.BME280.humidityTrimmingLength());
    }

    private static boolean overlaps(int first, int last, int from, int to) {
        return first <= to && last >= from;
    }

    private void checkOperatingRange(Conditions c) {
        if (c.celsius() < -40 || c.celsius() > 85 || c.pascal() < 30_000 || c.pascal() > 110_000) {
            throw new IllegalArgumentException("outside the %s operating range (DS §1): %s Cel, %s Pa"
                    .formatted(model.part(), c.celsius(), c.pascal()));
        }
    }

    private record RawAdc(int pressure, int temperature, int humidity) {}
}
