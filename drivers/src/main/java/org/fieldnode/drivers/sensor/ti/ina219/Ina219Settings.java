// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.ADC_12_BIT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_BADC_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_BRNG_32V;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_PG_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers.CONFIG_SADC_SHIFT;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an INA219 node measures, from the profile (all optional):
 *
 * <ul>
 *   <li>{@code shunt-ohms}: the shunt resistor, default 0.1 Ω (common breakout boards);
 *   <li>{@code max-current-amps}: the largest current expected, default 3.2 A. It sets the shunt range (PGA: the
 *       smallest of ±40, 80, 160, 320 mV that holds max current × shunt) and, unless {@code current-lsb-amps} is
 *       given, Current_LSB = max current / 2^15 (§8.5.1);
 *   <li>{@code current-lsb-amps}: a rounder Current_LSB, as the datasheet suggests (§8.5.2.1), at least max
 *       current / 2^15;
 *   <li>{@code bus-range-volts}: 16 or 32 (default), the bus full-scale range (BRNG).
 * </ul>
 *
 * The calibration register is Cal = trunc(0.04096 / (Current_LSB × R_shunt)) (§8.5.1), computed in
 * decimal arithmetic from the profile's text so that round values give the datasheet's results exactly; Power_LSB
 * is 20 × Current_LSB (§8.5.1). The defaults give Current_LSB 97.65625 µA and Cal 4194.
 */
public record Ina219Settings(
        BigDecimal shuntOhms, BigDecimal maxCurrentAmps, BigDecimal currentLsbAmps, int busRangeVolts) {
    public static final String KEY_SHUNT_OHMS = "shunt-ohms";
    public static final String KEY_MAX_CURRENT_AMPS = "max-current-amps";
    public static final String KEY_CURRENT_LSB_AMPS = "current-lsb-amps";
    public static final String KEY_BUS_RANGE_VOLTS = "bus-range-volts";

    /** The fixed scaling constant of the calibration equation, 0.04096 = 2^12 × 10 µV. */
    static final BigDecimal CALIBRATION_SCALE = new BigDecimal("0.04096");

    /** 2^15: the current register's positive range. */
    static final BigDecimal CURRENT_STEPS = BigDecimal.valueOf(0x8000);

    /** Shunt full-scale ranges selected by PG 00..11, in volts. */
    private static final BigDecimal[] SHUNT_RANGES = {
        new BigDecimal("0.04"), new BigDecimal("0.08"), new BigDecimal("0.16"), new BigDecimal("0.32")
    };

    /** One 12-bit conversion: 532 µs typical, 586 µs maximum (§7.5). */
    static final Duration ADC_TYPICAL = Duration.ofNanos(532_000);

    static final Duration ADC_MAX = Duration.ofNanos(586_000);

    public Ina219Settings {
        Objects.requireNonNull(shuntOhms, "shuntOhms");
        Objects.requireNonNull(maxCurrentAmps, "maxCurrentAmps");
        Objects.requireNonNull(currentLsbAmps, "currentLsbAmps");
        positive(KEY_SHUNT_OHMS, shuntOhms);
        positive(KEY_MAX_CURRENT_AMPS, maxCurrentAmps);
        positive(KEY_CURRENT_LSB_AMPS, currentLsbAmps);
        if (currentLsbAmps.multiply(CURRENT_STEPS).compareTo(maxCurrentAmps) < 0) {
            throw new IllegalArgumentException(
                    "%s: %s A is below max-current-amps / 2^15 = %s A; the current register would overflow"
                            .formatted(
                                    KEY_CURRENT_LSB_AMPS,
                                    currentLsbAmps.toPlainString(),
                                    minimumLsb(maxCurrentAmps).toPlainString()));
        }
        if (busRangeVolts != 16 && busRangeVolts != 32) {
            throw new IllegalArgumentException(
                    "%s: expected 16 or 32, got %d".formatted(KEY_BUS_RANGE_VOLTS, busRangeVolts));
        }
        if (maxCurrentAmps.multiply(shuntOhms).compareTo(SHUNT_RANGES[3]) > 0) {
            throw new IllegalArgumentException("%s: %s A through %s Ω drops more than the ±320 mV shunt range"
                    .formatted(KEY_MAX_CURRENT_AMPS, maxCurrentAmps.toPlainString(), shuntOhms.toPlainString()));
        }
        int calibration = calibrationOf(currentLsbAmps, shuntOhms);
        if (calibration < 2 || calibration > 0xFFFF) {
            throw new IllegalArgumentException(
                    "%s: calibration trunc(0.04096 / (%s A × %s Ω)) = %d does not fit the 16-bit register"
                            .formatted(
                                    KEY_CURRENT_LSB_AMPS,
                                    currentLsbAmps.toPlainString(),
                                    shuntOhms.toPlainString(),
                                    calibration));
        }
    }

    /** 0.1 Ω, 3.2 A (the ±320 mV range), Current_LSB 3.2 A / 2^15, 32 V. */
    public static Ina219Settings defaults() {
        return fromProperties(Map.of());
    }

    /**
     * Reads the keys of the class comment; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key whose value is invalid
     */
    public static Ina219Settings fromProperties(Map<String, String> properties) {
        BigDecimal shunt = decimal(properties, KEY_SHUNT_OHMS, "0.1");
        BigDecimal max = decimal(properties, KEY_MAX_CURRENT_AMPS, "3.2");
        positive(KEY_MAX_CURRENT_AMPS, max);
        positive(KEY_SHUNT_OHMS, shunt);
        BigDecimal lsb;
        if (properties.containsKey(KEY_CURRENT_LSB_AMPS)) {
            lsb = decimal(properties, KEY_CURRENT_LSB_AMPS, null);
        } else {
            lsb = minimumLsb(max);
            int calibration = calibrationOf(lsb, shunt);
            if (calibration > 0xFFFF) {
                throw new IllegalArgumentException(("%s: Current_LSB %s A / 2^15 through %s Ω gives calibration %d,"
                                + " above 0xFFFF; give a rounder, larger current-lsb-amps")
                        .formatted(KEY_MAX_CURRENT_AMPS, max.toPlainString(), shunt.toPlainString(), calibration));
            }
        }
        String range = properties.getOrDefault(KEY_BUS_RANGE_VOLTS, "32").strip();
        int busRange;
        try {
            busRange = Integer.parseInt(range);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s: expected 16 or 32, got '%s'".formatted(KEY_BUS_RANGE_VOLTS, range));
        }
        return new Ina219Settings(shunt, max, lsb, busRange);
    }

    /** §8.5.1: trunc(0.04096 / (Current_LSB × R_shunt)). */
    public static int calibrationOf(BigDecimal currentLsbAmps, BigDecimal shuntOhms) {
        BigDecimal cal = CALIBRATION_SCALE.divide(currentLsbAmps.multiply(shuntOhms), MathContext.DECIMAL64);
        return cal.setScale(0, RoundingMode.DOWN)
                .min(BigDecimal.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    /** The calibration register value for these settings (bit 0 is void in the chip). */
    public int calibration() {
        return calibrationOf(currentLsbAmps, shuntOhms);
    }

    /** Current_LSB in A. */
    public double currentLsb() {
        return currentLsbAmps.doubleValue();
    }

    /** Power_LSB = 20 × Current_LSB, in W (§8.5.1). */
    public double powerLsb() {
        return currentLsbAmps.multiply(BigDecimal.valueOf(20)).doubleValue();
    }

    /** PG field: the smallest shunt range that holds max current × shunt. */
    int pga() {
        BigDecimal drop = maxCurrentAmps.multiply(shuntOhms);
        for (int pg = 0; pg < SHUNT_RANGES.length; pg++) {
            if (drop.compareTo(SHUNT_RANGES[pg]) <= 0) {
                return pg;
            }
        }
        throw new IllegalStateException("checked in the constructor");
    }

    /** Config with the given mode: BRNG, PG, 12-bit bus and shunt ADCs (§8.6.2.1). */
    public int config(int mode) {
        return (busRangeVolts == 32 ? CONFIG_BRNG_32V : 0)
                | pga() << CONFIG_PG_SHIFT
                | ADC_12_BIT << CONFIG_BADC_SHIFT
                | ADC_12_BIT << CONFIG_SADC_SHIFT
                | mode;
    }

    private static BigDecimal minimumLsb(BigDecimal max) {
        return max.divide(CURRENT_STEPS); // exact: 2^15 divides into a terminating decimal
    }

    private static BigDecimal decimal(Map<String, String> properties, String key, String fallback) {
        String text = properties.get(key);
        if (text == null) {
            return new BigDecimal(fallback);
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s: expected a number, got '%s'".formatted(key, text));
        }
    }

    private static void positive(String key, BigDecimal value) {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("%s: must be positive, got %s".formatted(key, value.toPlainString()));
        }
    }
}
