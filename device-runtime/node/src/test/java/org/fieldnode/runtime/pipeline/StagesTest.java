// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.runtime.pipeline.Readings.at;
import static org.fieldnode.runtime.pipeline.Readings.run;
import static org.fieldnode.runtime.pipeline.Readings.series;
import static org.fieldnode.runtime.pipeline.Readings.temperature;
import static org.fieldnode.runtime.pipeline.Readings.values;

import java.time.Duration;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;

class StagesTest {
    @Test
    void median_passesFirstReading_thenUsesWhatTheFillingWindowHolds() {
        List<Reading> out = run(new MedianStage(3), series(20, 30, 22, 21, 90, 22));
        // [20] [20,30] [20,30,22] [30,22,21] [22,21,90] [21,90,22]
        assertThat(values(out)).containsExactly(20.0, 25.0, 22.0, 22.0, 22.0, 22.0);
    }

    @Test
    void median_removesASingleSpikeButFollowsAStep() {
        assertThat(values(run(new MedianStage(3), series(10, 10, 500, 10, 10)))).containsOnly(10.0);
        assertThat(values(run(new MedianStage(3), series(10, 10, 20, 20, 20))))
                .containsExactly(10.0, 10.0, 10.0, 20.0, 20.0);
    }

    @Test
    void median_keepsTimestampsAndSeries() {
        Reading in = temperature(21.5, 7);
        Reading out = run(new MedianStage(5), List.of(in)).getFirst();
        assertThat(out).isEqualTo(in);
    }

    @Test
    void windowedStages_keepOneWindowPerSeries() {
        List<Reading> in = List.of(
                at("env0", Channel.AMBIENT_TEMPERATURE, 10, 0),
                at("env0", Channel.RELATIVE_HUMIDITY, 80, 0),
                at("env1", Channel.AMBIENT_TEMPERATURE, 30, 0),
                at("env0", Channel.AMBIENT_TEMPERATURE, 20, 1));
        assertThat(values(run(new MovingAverageStage(4), in))).containsExactly(10.0, 80.0, 30.0, 15.0);
        assertThat(values(run(new MedianStage(4), in))).containsExactly(10.0, 80.0, 30.0, 15.0);
    }

    @Test
    void movingAverage_averagesTheLastWindow() {
        assertThat(values(run(new MovingAverageStage(2), series(1, 3, 5, 5)))).containsExactly(1.0, 2.0, 4.0, 5.0);
    }

    @Test
    void windowedStages_refuseWindowsOutsideOneToHundred() {
        assertThatThrownBy(() -> new MedianStage(0)).hasMessageContaining("from 1 to 100, got 0");
        assertThatThrownBy(() -> new MovingAverageStage(101)).hasMessageContaining("got 101");
    }

    @Test
    void deadband_forwardsFirstReadingAndChangesOfAtLeastOneStep() {
        DeadbandStage stage = new DeadbandStage(0.5, Duration.ofHours(1));
        List<Reading> out = run(stage, series(20.0, 20.2, 20.4, 20.5, 20.1, 19.9));
        // 20.5 moved exactly one step from 20.0; 19.9 moved 0.6 from 20.5; 20.1 moved only 0.4.
        assertThat(values(out)).containsExactly(20.0, 20.5, 19.9);
    }

    @Test
    void deadband_comparesWithTheLastForwardedValue_soASlowDriftIsStillReported() {
        List<Reading> out = run(new DeadbandStage(0.5, Duration.ofHours(1)), series(20.0, 20.2, 20.4, 20.6));
        assertThat(values(out)).containsExactly(20.0, 20.6);
    }

    @Test
    void deadband_forwardsASteadyValueOncePerMaxSilence() {
        DeadbandStage stage = new DeadbandStage(1, Duration.ofSeconds(60));
        List<Reading> in = List.of(
                temperature(20, 0),
                temperature(20, 30),
                temperature(20, 59),
                temperature(20, 60),
                temperature(20, 119),
                temperature(20, 125));
        assertThat(run(stage, in))
                .extracting(r -> r.monotonicNanos() / 1_000_000_000L)
                .containsExactly(0L, 60L, 125L);
    }

    @Test
    void deadband_stepZeroForwardsEverything_perSeries() {
        List<Reading> in = List.of(
                at("a", Channel.AMBIENT_TEMPERATURE, 1, 0),
                at("b", Channel.AMBIENT_TEMPERATURE, 1, 0),
                at("a", Channel.AMBIENT_TEMPERATURE, 1, 1));
        assertThat(run(new DeadbandStage(0, Duration.ofHours(1)), in)).hasSize(3);
        assertThat(run(new DeadbandStage(0.1, Duration.ofHours(1)), in)).hasSize(2);
    }

    @Test
    void deadband_refusesNegativeOrNanStepAndNonPositiveSilence() {
        assertThatThrownBy(() -> new DeadbandStage(Double.NaN, Duration.ofSeconds(1)))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new DeadbandStage(-1, Duration.ofSeconds(1))).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new DeadbandStage(Double.POSITIVE_INFINITY, Duration.ofSeconds(1)))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new DeadbandStage(1, Duration.ZERO)).hasMessageContaining("maxSilence");
    }

    @Test
    void calibration_appliesGainThenOffset() {
        assertThat(values(run(CalibrationStage.offset(-0.5), series(21.0)))).containsExactly(20.5);
        assertThat(values(run(new CalibrationStage(2, 1), series(3.0, -1.0)))).containsExactly(7.0, -1.0);
    }

    @Test
    void calibration_refusesNanInfinityAndZeroGain_andANonFiniteResult() {
        assertThatThrownBy(() -> new CalibrationStage(Double.NaN, 0)).hasMessageContaining("gain");
        assertThatThrownBy(() -> new CalibrationStage(0, 1)).hasMessageContaining("other than 0");
        assertThatThrownBy(() -> new CalibrationStage(1, Double.NEGATIVE_INFINITY))
                .hasMessageContaining("offset");
        CalibrationStage huge = new CalibrationStage(1e308, 0);
        assertThatThrownBy(() -> run(huge, series(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
    }

    @Test
    void resolution_roundsToTheNearestStep_asTheShortestDecimal() {
        ResolutionStage centi = new ResolutionStage(0.01);
        assertThat(centi.round(21.156)).isEqualTo(21.16);
        assertThat(centi.round(21.154999)).isEqualTo(21.15);
        assertThat(Double.toString(centi.round(21.145000001))).isEqualTo("21.15");
        assertThat(new ResolutionStage(0.2).round(0.61)).isEqualTo(0.6);
        assertThat(new ResolutionStage(0.0625).round(21.1)).isEqualTo(21.125);
        assertThat(new ResolutionStage(5).round(12.4)).isEqualTo(10.0);
    }

    @Test
    void resolution_roundsHalfAwayFromZero_andGivesPlainZero() {
        ResolutionStage half = new ResolutionStage(0.5);
        assertThat(half.round(0.25)).isEqualTo(0.5);
        assertThat(half.round(-0.25)).isEqualTo(-0.5);
        assertThat(half.round(-0.1)).isEqualTo(0.0).matches(v -> Double.doubleToRawLongBits(v) == 0, "+0.0");
    }

    @Test
    void resolution_leavesValuesBeyondItsPrecisionAlone_andRefusesBadSteps() {
        assertThat(new ResolutionStage(0.01).round(1e300)).isEqualTo(1e300);
        assertThatThrownBy(() -> new ResolutionStage(0)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> new ResolutionStage(Double.NaN)).hasMessageContaining("NaN");
    }
}
