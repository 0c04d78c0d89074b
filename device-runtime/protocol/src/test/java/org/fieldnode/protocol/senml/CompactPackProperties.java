// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Batches as a node makes them (several series sampled together, at sensor resolutions) survive the compact layout
 * exactly and in order: series runs, time steps with missed samples, unsynchronised times, clock steps backwards,
 * series sampled in another order at some instants, base values and decimal floats.
 */
class CompactPackProperties {
    /** Series a node reports, with the resolution its pipeline rounds to and a plausible range. */
    private record Series(String name, String unit, BigDecimal resolution, double min, double max) {}

    private static final List<Series> SERIES = List.of(
            new Series("env0/temperature", "Cel", new BigDecimal("0.1"), -30, 50),
            new Series("env0/humidity", "%RH", new BigDecimal("0.1"), 0, 100),
            new Series("env0/pressure", "Pa", BigDecimal.ONE, 80_000, 110_000),
            new Series("rain0/rain", "mm", new BigDecimal("0.2794"), 0, 20),
            new Series("soil0/soil_moisture", "%", new BigDecimal("0.01"), 0, 60),
            new Series("power0/voltage", "V", new BigDecimal("0.004"), 0, 26),
            new Series("env1/temperature", "Cel", new BigDecimal("0.01"), -30, 50));

    @Property
    void batches_roundTripExactlyAndInOrder(@ForAll("batches") List<SenmlRecord> batch) throws SenmlException {
        for (SenmlFormat format : SenmlFormat.values()) {
            assertThat(SenmlCodec.decode(SenmlCodec.encode(batch, format), format))
                    .as("%s", format)
                    .isEqualTo(batch);
        }
    }

    @Property
    void decimalAtSensorResolution_comesBackAsTheSameDouble(
            @ForAll @LongRange(min = -10_000_000, max = 10_000_000) long unscaled,
            @ForAll @IntRange(min = 0, max = 6) int scale)
            throws SenmlException {
        double value = BigDecimal.valueOf(unscaled, scale).doubleValue(); // what the resolution stage yields
        int width = DecimalFloats.width(value);
        if (width != DecimalFloats.DOUBLE) {
            float narrow = (float) value;
            assertThat(DecimalFloats.read(width == DecimalFloats.HALF ? halfOf(narrow) : narrow, width))
                    .isEqualTo(value);
        }
        List<SenmlRecord> pack = List.of(new SenmlRecord("x", "", value, Instant.ofEpochSecond(1_700_000_000L)));
        assertThat(SenmlCodec.decode(SenmlCodec.encode(pack, SenmlFormat.CBOR), SenmlFormat.CBOR))
                .isEqualTo(pack);
    }

    @Property
    void tenthsOfADegree_travelAsHalves(@ForAll @IntRange(min = -999, max = 999) int tenths) {
        double celsius = BigDecimal.valueOf(tenths, 1).doubleValue();
        if (celsius != Math.rint(celsius)) {
            assertThat(DecimalFloats.width(celsius)).isEqualTo(DecimalFloats.HALF);
        }
    }

    private static float halfOf(float value) {
        return Float.float16ToFloat(Float.floatToFloat16(value));
    }

    @Provide
    Arbitrary<List<SenmlRecord>> batches() {
        return Arbitraries.longs().map(seed -> batch(new Random(seed)));
    }

    /**
     * Up to 24 sampling cycles of 1 to 4 series: a fixed period, cycles missed (gaps), series missing from a cycle,
     * cycles on an unsynchronised clock, sometimes a clock stepped backwards, times in whole milliseconds.
     */
    private static List<SenmlRecord> batch(Random random) {
        List<Series> series = new ArrayList<>(SERIES);
        java.util.Collections.shuffle(series, random);
        series = series.subList(0, 1 + random.nextInt(4));
        long periodMillis = random.nextBoolean() ? 300_000 : 1 + random.nextInt(3_600_000);
        long at = (1L << 28) * 1000 + (long) (random.nextDouble() * 4_000_000_000_000L);
        int cycles = 1 + random.nextInt(24);
        List<SenmlRecord> batch = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            if (random.nextInt(8) == 0) {
                at += periodMillis; // a missed sample
            }
            if (random.nextInt(20) == 0) {
                at -= random.nextInt(7_200_000); // the clock was stepped back
            }
            boolean unsynced = random.nextInt(6) == 0;
            List<Series> thisCycle = new ArrayList<>(series);
            if (random.nextInt(4) == 0) {
                java.util.Collections.shuffle(thisCycle, random); // sensors finished in another order this time
            }
            for (Series s : thisCycle) {
                if (random.nextInt(10) == 0) {
                    continue; // this sensor failed this cycle
                }
                double raw = s.min() + random.nextDouble() * (s.max() - s.min());
                BigDecimal steps = BigDecimal.valueOf(raw).divide(s.resolution(), 0, java.math.RoundingMode.HALF_EVEN);
                double value = steps.multiply(s.resolution()).doubleValue();
                batch.add(new SenmlRecord(s.name(), s.unit(), value, Instant.ofEpochMilli(at), unsynced));
            }
            at += periodMillis;
        }
        return batch.isEmpty() ? List.of(new SenmlRecord("x", "", 1, Instant.ofEpochMilli((1L << 28) * 1000))) : batch;
    }
}
