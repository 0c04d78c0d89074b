// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_COMP_QUE_DISABLE;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_DR_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_MODE_SINGLE_SHOT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_MUX_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_OS;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_PGA_SHIFT;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.MUX_SINGLE_ENDED_AIN0;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.fieldnode.drivers.api.Channel;

/**
 * What an ADS1115 node measures. Profile properties (all optional):
 *
 * <ul>
 *   <li>{@code input}: the single-ended input AIN0..AIN3 reported as {@code voltage}, 0..3 (default 0);
 *   <li>{@code full-scale-volts}: PGA range 6.144, 4.096 (default), 2.048, 1.024, 0.512 or 0.256;
 *   <li>{@code data-rate}: samples per second 8, 16, 32, 64, 128 (default), 250, 475 or 860;
 *   <li>{@code soil-channel}, {@code soil-dry-volts}, {@code soil-wet-volts}: together, a soil-moisture probe on
 *       that input, reported as {@code soil_moisture} ({@link SoilCalibration}). Give all three or none.
 * </ul>
 *
 * One node reads one chip; to report the voltage of several inputs, declare one node per input.
 */
public record Ads1115Settings(int input, FullScaleRange range, DataRate rate, Optional<SoilCalibration> soil) {
    public static final String KEY_INPUT = "input";
    public static final String KEY_FULL_SCALE_VOLTS = "full-scale-volts";
    public static final String KEY_DATA_RATE = "data-rate";

    public Ads1115Settings {
        if (input < 0 || input > 3) {
            throw new IllegalArgumentException("%s: expected an input 0..3, got %d".formatted(KEY_INPUT, input));
        }
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(soil, "soil");
    }

    /** AIN0, ±4.096 V, 128 SPS, no soil probe. */
    public static Ads1115Settings defaults() {
        return new Ads1115Settings(0, FullScaleRange.PLUS_MINUS_4_096_V, DataRate.SPS_128, Optional.empty());
    }

    /**
     * Reads the keys of the class comment; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key whose value is invalid or missing
     */
    public static Ads1115Settings fromProperties(Map<String, String> properties) {
        int input = properties.containsKey(KEY_INPUT) ? parseInt(properties, KEY_INPUT) : 0;
        FullScaleRange range = FullScaleRange.PLUS_MINUS_4_096_V;
        if (properties.containsKey(KEY_FULL_SCALE_VOLTS)) {
            double volts = parseDouble(properties, KEY_FULL_SCALE_VOLTS);
            range = FullScaleRange.ofVolts(volts)
                    .orElseThrow(() ->
                            invalid(KEY_FULL_SCALE_VOLTS, properties, "6.144, 4.096, 2.048, 1.024, 0.512 or 0.256"));
        }
        DataRate rate = DataRate.SPS_128;
        if (properties.containsKey(KEY_DATA_RATE)) {
            int sps = parseInt(properties, KEY_DATA_RATE);
            rate = DataRate.ofSamplesPerSecond(sps)
                    .orElseThrow(() -> invalid(KEY_DATA_RATE, properties, "8, 16, 32, 64, 128, 250, 475 or 860"));
        }
        return new Ads1115Settings(input, range, rate, soil(properties));
    }

    /** {@code voltage}, plus {@code soil_moisture} when a probe is calibrated. */
    public Set<Channel> channels() {
        Set<Channel> channels = EnumSet.of(Channel.VOLTAGE);
        soil.ifPresent(s -> channels.add(Channel.SOIL_MOISTURE));
        return channels;
    }

    /** The inputs one fetch converts, in order. */
    SortedSet<Integer> inputs() {
        SortedSet<Integer> inputs = new TreeSet<>();
        inputs.add(input);
        soil.ifPresent(s -> inputs.add(s.input()));
        return inputs;
    }

    /** Config that starts a single-shot conversion of {@code ain} against GND, comparator off (§9.6.3). */
    int startConversion(int ain) {
        return CONFIG_OS | idle(ain);
    }

    /** Config for power-down with {@code ain} selected: no conversion starts. */
    int idle(int ain) {
        return (MUX_SINGLE_ENDED_AIN0 + ain) << CONFIG_MUX_SHIFT
                | range.bits() << CONFIG_PGA_SHIFT
                | CONFIG_MODE_SINGLE_SHOT
                | rate.bits() << CONFIG_DR_SHIFT
                | CONFIG_COMP_QUE_DISABLE;
    }

    private static Optional<SoilCalibration> soil(Map<String, String> properties) {
        String[] keys = {SoilCalibration.KEY_CHANNEL, SoilCalibration.KEY_DRY_VOLTS, SoilCalibration.KEY_WET_VOLTS};
        long given = Arrays.stream(keys).filter(properties::containsKey).count();
        if (given == 0) {
            return Optional.empty();
        }
        for (String key : keys) {
            if (!properties.containsKey(key)) {
                throw new IllegalArgumentException(
                        "%s: missing; a soil probe needs soil-channel, soil-dry-volts and soil-wet-volts"
                                .formatted(key));
            }
        }
        return Optional.of(new SoilCalibration(
                parseInt(properties, SoilCalibration.KEY_CHANNEL),
                parseDouble(properties, SoilCalibration.KEY_DRY_VOLTS),
                parseDouble(properties, SoilCalibration.KEY_WET_VOLTS)));
    }

    private static int parseInt(Map<String, String> properties, String key) {
        try {
            return Integer.parseInt(properties.get(key).strip());
        } catch (NumberFormatException e) {
            throw invalid(key, properties, "an integer");
        }
    }

    private static double parseDouble(Map<String, String> properties, String key) {
        try {
            double value = Double.parseDouble(properties.get(key).strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, properties, "a number");
    }

    private static IllegalArgumentException invalid(String key, Map<String, String> properties, String expected) {
        return new IllegalArgumentException("%s: expected %s, got '%s'".formatted(key, expected, properties.get(key)));
    }
}
