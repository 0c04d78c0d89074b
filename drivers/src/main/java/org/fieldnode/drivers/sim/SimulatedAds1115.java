// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_DR_MASK;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_DR_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_MODE_SINGLE_SHOT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_MUX_MASK;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_MUX_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_OS;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_PGA_MASK;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_PGA_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_RESET;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.HI_THRESH_RESET;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.LO_THRESH_RESET;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REGISTER_COUNT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REG_CONVERSION;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REG_HI_THRESH;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REG_LO_THRESH;

import java.util.Arrays;
import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.ti.ads1115.DataRate;
import org.fieldnode.drivers.sensor.ti.ads1115.FullScaleRange;

/**
 * A register-level TI ADS1115 (datasheet SBAS444D) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: four 16-bit registers behind the pointer (§9.6), power-on values config 0x8583, Lo_thresh 0x8000,
 * Hi_thresh 0x7FFF (§9.6.3, §9.6.4). Writing OS = 1 in power-down starts a single-shot conversion (§9.4.2.1) with
 * the MUX, PGA and DR just written; it takes 1 / DR on the injected clock, during which OS reads 0. The result is
 * the input (or input difference) divided by the LSB of Table 3, rounded to the nearest code and clipped to
 * 0x8000..0x7FFF (§9.5.3). Continuous mode converts the selected input every 1 / DR.
 *
 * <p>Datasheet rules recorded in {@link #violations()}, besides those of {@link SimulatedWordRegisterDevice}: a
 * write to the read-only conversion register (§9.6.2), OS = 1 written while a conversion runs (it has no effect),
 * and a conversion register read while a single-shot conversion runs (it still holds the previous result).
 *
 * <p>Backend face: {@link #setInputVolts} per input, 0 V by default; inputs must stay within GND − 0.3 V and
 * VDD + 0.3 V (§7.1) for the given supply.
 */
public final class SimulatedAds1115 extends SimulatedWordRegisterDevice {
    private final Sleeper clock;
    private final double supplyVolts;
    private final double[] inputVolts = new double[4];

    private boolean converting;
    private long conversionEndsAt;
    private int conversionConfig;
    private long conversionStartedAt;
    private long conversions;

    /** @param supplyVolts VDD, 2.0..5.5 V (§7.3) */
    public SimulatedAds1115(Sleeper clock, double supplyVolts) {
        super("ADS1115", REGISTER_COUNT);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(supplyVolts >= 2.0 && supplyVolts <= 5.5)) {
            throw new IllegalArgumentException("VDD must be 2.0..5.5 V, got " + supplyVolts);
        }
        this.supplyVolts = supplyVolts;
        setWord(REG_CONFIG, CONFIG_RESET);
        setWord(REG_LO_THRESH, LO_THRESH_RESET);
        setWord(REG_HI_THRESH, HI_THRESH_RESET);
        setWord(REG_CONVERSION, 0);
    }

    /** A chip on a 3.3 V supply, as on a Raspberry Pi. */
    public SimulatedAds1115(Sleeper clock) {
        this(clock, 3.3);
    }

    /**
     * The voltage on AIN{@code input} against GND for the next conversions.
     *
     * @throws IllegalArgumentException beyond GND − 0.3 V .. VDD + 0.3 V (absolute maximum ratings, §7.1)
     */
    public synchronized void setInputVolts(int input, double volts) {
        Objects.checkIndex(input, 4);
        if (!(volts >= -0.3 && volts <= supplyVolts + 0.3)) {
            throw new IllegalArgumentException(
                    "AIN%d: %s V is beyond GND - 0.3 V .. VDD + 0.3 V (%s V)".formatted(input, volts, supplyVolts));
        }
        inputVolts[input] = volts;
    }

    /** Conversions completed since power-on. */
    public synchronized long conversions() {
        settle();
        return conversions;
    }

    @Override
    protected int onWordRead(int pointer) {
        settle();
        return switch (pointer) {
            case REG_CONFIG -> converting ? word(REG_CONFIG) & ~CONFIG_OS : word(REG_CONFIG) | CONFIG_OS;
            case REG_CONVERSION -> {
                if (converting && isSingleShot(conversionConfig)) {
                    violation("ADS1115: conversion register read while a single-shot conversion runs; it still holds"
                            + " the previous result (§9.4.2.1: wait for OS = 1)");
                }
                yield word(REG_CONVERSION);
            }
            default -> word(pointer);
        };
    }

    @Override
    protected void onWordWrite(int pointer, int value) {
        settle();
        switch (pointer) {
            case REG_CONVERSION -> violation("ADS1115: write of 0x%04X to the read-only conversion register", value);
            case REG_CONFIG -> writeConfig(value);
            default -> setWord(pointer, value);
        }
    }

    private void writeConfig(int value) {
        boolean start = (value & CONFIG_OS) != 0;
        if (start && converting) {
            violation("ADS1115: OS = 1 written while a conversion runs; it has no effect (§9.6.3)");
            start = false;
        }
        setWord(REG_CONFIG, value & ~CONFIG_OS);
        if (!isSingleShot(value)) {
            begin(value); // §9.4.2.2: continuous mode converts back to back
        } else if (start) {
            begin(value);
        } else if (converting && !isSingleShot(conversionConfig)) {
            converting = false; // switching to single-shot stops continuous conversions after the current one
        }
    }

    private void begin(int config) {
        converting = true;
        conversionConfig = config;
        conversionStartedAt = clock.nanoTime();
        conversionEndsAt = conversionStartedAt + period(config);
    }

    /** Completes conversions whose time has come. */
    private void settle() {
        long now = clock.nanoTime();
        while (converting && now - conversionEndsAt >= 0) {
            setWord(REG_CONVERSION, code(conversionConfig));
            conversions++;
            if (isSingleShot(conversionConfig)) {
                converting = false; // §9.4.2.1: the chip powers down after one conversion
            } else {
                conversionEndsAt += period(conversionConfig);
            }
        }
    }

    private int code(int config) {
        double volts = muxVolts((config >> CONFIG_MUX_SHIFT) & CONFIG_MUX_MASK);
        FullScaleRange range = FullScaleRange.ofBits((config >> CONFIG_PGA_SHIFT) & CONFIG_PGA_MASK);
        long code = Math.round(volts / range.lsbVolts());
        return (int) Math.clamp(code, Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF;
    }

    /** §9.6.3 MUX: 000 AIN0−AIN1, 001 AIN0−AIN3, 010 AIN1−AIN3, 011 AIN2−AIN3, 1xx AINx−GND. */
    private double muxVolts(int mux) {
        return switch (mux) {
            case 0b000 -> inputVolts[0] - inputVolts[1];
            case 0b001 -> inputVolts[0] - inputVolts[3];
            case 0b010 -> inputVolts[1] - inputVolts[3];
            case 0b011 -> inputVolts[2] - inputVolts[3];
            default -> inputVolts[mux - 0b100];
        };
    }

    private static long period(int config) {
        return DataRate.ofBits((config >> CONFIG_DR_SHIFT) & CONFIG_DR_MASK)
                .conversionTime()
                .toNanos();
    }

    private static boolean isSingleShot(int config) {
        return (config & CONFIG_MODE_SINGLE_SHOT) != 0;
    }

    @Override
    public synchronized String toString() {
        return "SimulatedAds1115" + Arrays.toString(inputVolts);
    }
}
