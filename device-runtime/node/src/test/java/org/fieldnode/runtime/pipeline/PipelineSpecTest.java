// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineSpecTest {
    private static final String PATH = "sensors[2].pipeline";

    @Test
    void parsesEveryStageInOrder() {
        PipelineSpec spec = PipelineSpec.parse(
                List.of(
                        Map.of("stage", "median", "window", "3"),
                        Map.of("stage", "moving-average", "window", "5", "quantity", "pm2_5"),
                        Map.of("stage", "deadband", "step", "0.2", "max-silence", "1h", "quantity", "temperature"),
                        Map.of("stage", "calibrate", "offset", "-0.4", "quantity", "temperature"),
                        Map.of("stage", "calibrate", "gain", "1.02"),
                        Map.of("stage", "resolution", "step", "0.01")),
                PATH);
        assertThat(spec.stages())
                .containsExactly(
                        new StageSpec.Median(3, Optional.empty()),
                        new StageSpec.MovingAverage(5, Optional.of("pm2_5")),
                        new StageSpec.Deadband(0.2, Duration.ofHours(1), Optional.of("temperature")),
                        new StageSpec.Calibrate(1, -0.4, Optional.of("temperature")),
                        new StageSpec.Calibrate(1.02, 0, Optional.empty()),
                        new StageSpec.Resolution(0.01, Optional.empty()));
    }

    @Test
    void anEmptyListIsNoPipeline() {
        assertThat(PipelineSpec.parse(List.of(), PATH)).isEqualTo(PipelineSpec.none());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "window=3"
                        + "|sensors[2].pipeline[0].stage: missing; expected one of median, moving-average, deadband, calibrate, resolution",
                "stage=mean"
                        + "|sensors[2].pipeline[0].stage: unknown stage 'mean'; expected one of median, moving-average, deadband, calibrate, resolution",
                "stage=median|sensors[2].pipeline[0].window: missing; stage median needs it",
                "stage=median,window=three|sensors[2].pipeline[0].window: expected an integer from 1 to 100, got 'three'",
                "stage=moving-average,window=0|sensors[2].pipeline[0].window: expected an integer from 1 to 100, got '0'",
                "stage=median,window=3,step=1"
                        + "|sensors[2].pipeline[0].step: unknown key for stage median; expected one of window, quantity",
                "stage=deadband,max-silence=1h|sensors[2].pipeline[0].step: missing; stage deadband needs it",
                "stage=deadband,step=-0.2,max-silence=1h|sensors[2].pipeline[0].step: expected a number >= 0, got '-0.2'",
                "stage=deadband,step=NaN,max-silence=1h"
                        + "|sensors[2].pipeline[0].step: expected a finite decimal number such as 0.2 or -1.5e-3, got 'NaN'",
                "stage=deadband,step=1e999,max-silence=1h"
                        + "|sensors[2].pipeline[0].step: expected a finite decimal number such as 0.2 or -1.5e-3, got '1e999'",
                "stage=deadband,step=0.2|sensors[2].pipeline[0].max-silence: missing; stage deadband needs it",
                "stage=deadband,step=0.2,max-silence=an hour"
                        + "|sensors[2].pipeline[0].max-silence: expected a duration from 1s to 7d such as 15m or 1h, got 'an hour'",
                "stage=deadband,step=0.2,max-silence=500ms"
                        + "|sensors[2].pipeline[0].max-silence: expected a duration from 1s to 7d such as 15m or 1h, got '500ms'",
                "stage=calibrate,quantity=temperature"
                        + "|sensors[2].pipeline[0].offset: missing; a calibrate stage needs an offset, a gain, or both",
                "stage=calibrate,gain=0|sensors[2].pipeline[0].gain: expected a number other than 0, got '0'",
                "stage=calibrate,offset=0x10"
                        + "|sensors[2].pipeline[0].offset: expected a finite decimal number such as 0.2 or -1.5e-3, got '0x10'",
                "stage=resolution,step=0|sensors[2].pipeline[0].step: expected a number > 0, got '0'",
                "stage=resolution,step=0.01,quantity=temprature"
                        + "|sensors[2].pipeline[0].quantity: unknown quantity 'temprature'; expected one of battery, co2,"
                        + " conductivity, contact, count, current, delivery, distance, dropped, flow, humidity, illuminance, mass,"
                        + " pm1, pm10, pm2_5, power,"
                        + " pressure, queued, rain, rain_total, report_interval, soil_moisture, state, storage_free, temperature,"
                        + " undelivered, uptime, voltage, water_level, wind_speed",
            })
    void refusesBadEntries_namingTheKeyAndWhatWasExpected(String entry, String message) {
        Map<String, String> keys = new HashMap<>();
        for (String pair : entry.split(",")) {
            String[] kv = pair.split("=", 2);
            keys.put(kv[0], kv[1]);
        }
        assertThatThrownBy(() -> PipelineSpec.parse(List.of(keys), PATH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void namesTheFailingEntryByItsIndex() {
        assertThatThrownBy(() -> PipelineSpec.parse(
                        List.of(Map.of("stage", "median", "window", "3"), Map.of("stage", "resolution", "step", "-1")),
                        "sensors[0].pipeline"))
                .hasMessageStartingWith("sensors[0].pipeline[1].step: ");
    }
}
