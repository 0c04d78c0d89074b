// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.pipeline.Readings.at;
import static org.fieldnode.runtime.pipeline.Readings.series;
import static org.fieldnode.runtime.pipeline.Readings.values;

import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final List<Map<String, String>> WEATHER = List.of(
            Map.of("stage", "median", "window", "3"),
            Map.of("stage", "deadband", "step", "0.2", "max-silence", "1h", "quantity", "temperature"),
            Map.of("stage", "calibrate", "offset", "-0.4", "quantity", "temperature"),
            Map.of("stage", "resolution", "step", "0.01"));

    @Test
    void emptyPipeline_passesReadingsUnchanged() {
        Pipeline none = Pipeline.build(PipelineSpec.none());
        List<Reading> in = series(1.234567, 2);
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.apply(in)).isEqualTo(in);
    }

    @Test
    void stagesRunInTheOrderGiven() {
        List<Reading> in = series(1.04);
        // round then scale: 1.0 × 10 = 10; scale then round: 10.4 → 10.4 at step 0.1 (resolution last).
        assertThat(values(Pipeline.of(new ResolutionStage(0.1), new CalibrationStage(10, 0))
                        .apply(in)))
                .containsExactly(10.0);
        assertThat(values(Pipeline.of(new CalibrationStage(10, 0), new ResolutionStage(0.1))
                        .apply(in)))
                .containsExactly(10.4);
    }

    @Test
    void profileExample_calibratesAndFiltersTemperatureOnly_roundsEverything() {
        Pipeline pipeline = Pipeline.build(PipelineSpec.parse(WEATHER, "sensors[0].pipeline"));
        List<Reading> out = pipeline.apply(List.of(
                at("env0", Channel.AMBIENT_TEMPERATURE, 21.4567, 0),
                at("env0", Channel.RELATIVE_HUMIDITY, 55.5555, 0),
                at("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 60),
                at("env0", Channel.RELATIVE_HUMIDITY, 55.6, 60)));
        // temperature: median [21.4567] → deadband forwards the first → -0.4 → 21.06;
        // median [21.4567, 21.5] = 21.47835 moved < 0.2 → dropped. Humidity skips deadband and calibration.
        assertThat(out)
                .extracting(r -> r.channel().quantity() + "=" + r.value())
                .containsExactly("temperature=21.06", "humidity=55.56", "humidity=55.58");
    }

    @Test
    void aRefusedReadingIsDroppedAndCounted_othersPass() {
        Pipeline pipeline = Pipeline.of(new CalibrationStage(1e300, 0));
        List<Reading> out = pipeline.apply(series(1, 1e10, 2));
        assertThat(values(out)).containsExactly(1e300, 2e300);
        assertThat(pipeline.refused()).isEqualTo(1);
    }
}
