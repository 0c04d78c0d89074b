// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.fieldnode.drivers.api.Channel;

class StagePropertiesTest {
    /** Deadband: while readings keep arriving, no reading is dropped at or past max-silence since the last forward. */
    @Property
    void deadband_neverSilentLongerThanMaxSilence(
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -50, max = 50) Double> values,
            @ForAll @Size(min = 200, max = 200) List<@IntRange(min = 1, max = 600) Integer> gapsSeconds,
            @ForAll @DoubleRange(min = 0, max = 20) double step,
            @ForAll @IntRange(min = 1, max = 3600) int maxSilenceSeconds) {
        DeadbandStage stage = new DeadbandStage(step, Duration.ofSeconds(maxSilenceSeconds));
        long t = 0;
        Reading lastForwarded = null;
        for (int i = 0; i < values.size(); i++) {
            t += gapsSeconds.get(i);
            Reading r = new Reading("s", Channel.AMBIENT_TEMPERATURE, values.get(i), t * 1_000_000_000L, Instant.EPOCH);
            List<Reading> out = new ArrayList<>();
            stage.accept(r, out::add);
            if (lastForwarded == null
                    || t * 1_000_000_000L - lastForwarded.monotonicNanos() >= maxSilenceSeconds * 1_000_000_000L) {
                assertThat(out).as("reading at %ss must be forwarded", t).containsExactly(r);
            }
            if (!out.isEmpty()) {
                lastForwarded = out.getFirst();
            }
            // Whatever it drops is within one step of what it last forwarded.
            if (out.isEmpty()) {
                assertThat(Math.abs(r.value() - lastForwarded.value())).isLessThan(step);
            }
        }
    }

    @Property
    void median_and_average_stayWithinTheWindowsMinAndMax(
            @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @IntRange(min = 1, max = 10) int window) {
        MedianStage median = new MedianStage(window);
        MovingAverageStage average = new MovingAverageStage(window);
        for (int i = 0; i < values.size(); i++) {
            Reading r = Readings.temperature(values.get(i), i);
            double[] held = values.subList(Math.max(0, i + 1 - window), i + 1).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            double min = Arrays.stream(held).min().orElseThrow();
            double max = Arrays.stream(held).max().orElseThrow();
            List<Reading> out = new ArrayList<>();
            median.accept(r, out::add);
            average.accept(r, out::add);
            assertThat(out).hasSize(2).allSatisfy(o -> assertThat(o.value()).isBetween(min, max));
        }
    }

    @Property
    void resolution_isIdempotentAndWithinHalfAStep(
            @ForAll @DoubleRange(min = -1e9, max = 1e9) double value, @ForAll("steps") double step) {
        ResolutionStage stage = new ResolutionStage(step);
        double once = stage.round(value);
        assertThat(stage.round(once)).isEqualTo(once);
        assertThat(Math.abs(once - value)).isLessThanOrEqualTo(step / 2 + Math.ulp(value) * 4);
    }

    @Property
    void resolution_ofTenths_isTheNearestDoubleToTheDecimal(@ForAll @DoubleRange(min = -60, max = 60) double celsius) {
        // 0.1 °C (the weather-station profiles): 21.4, never 21.400000000000002, so SenML sends a 3-byte half.
        double rounded = new ResolutionStage(0.1).round(celsius);
        long tenths = Math.round(rounded * 10);
        assertThat(rounded).isEqualTo(java.math.BigDecimal.valueOf(tenths, 1).doubleValue());
        assertThat(Math.abs(rounded - celsius)).isLessThanOrEqualTo(0.05 + 1e-12);
    }

    @Provide
    Arbitrary<Double> steps() {
        return Arbitraries.of(0.001, 0.01, 0.0625, 0.1, 0.2, 0.25, 0.5, 1.0, 5.0, 10.0);
    }

    @Property
    void calibration_isLinear(
            @ForAll @DoubleRange(min = -1e3, max = 1e3) double x,
            @ForAll @DoubleRange(min = -1e3, max = 1e3) double y,
            @ForAll @DoubleRange(min = 0.01, max = 100) double gain,
            @ForAll @DoubleRange(min = -100, max = 100) double offset) {
        CalibrationStage stage = new CalibrationStage(gain, offset);
        double tolerance = 1e-9 * (1 + Math.abs(gain) * (Math.abs(x) + Math.abs(y)) + Math.abs(offset));
        // Differences scale by the gain; the midpoint maps to the midpoint; the offset is the image of 0.
        assertThat(stage.apply(x) - stage.apply(y)).isCloseTo(gain * (x - y), within(tolerance));
        assertThat(stage.apply((x + y) / 2)).isCloseTo((stage.apply(x) + stage.apply(y)) / 2, within(tolerance));
        assertThat(stage.apply(0)).isEqualTo(offset);
    }
}
