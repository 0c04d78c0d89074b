// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.pipeline.Readings.at;
import static org.fieldnode.runtime.pipeline.Readings.run;
import static org.fieldnode.runtime.pipeline.Readings.values;

import java.time.Duration;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;

/**
 * States ({@code Channel.Kind.STATE}: a float switch, a door) in the pipeline: report on change whatever the
 * deadband's step, once per max silence while they hold, and numeric stages pass them through unchanged.
 */
class StateReadingsTest {
    private static List<Reading> contact(int... states) {
        return java.util.stream.IntStream.range(0, states.length)
                .mapToObj(i -> at("tank0", Channel.CONTACT, states[i], i * 10L))
                .toList();
    }

    @Test
    void deadband_forwardsAStateOnEveryChange_whateverItsStep_andOncePerMaxSilence() {
        List<Reading> out = run(new DeadbandStage(5, Duration.ofSeconds(60)), contact(0, 0, 1, 1, 1, 0, 0, 0, 0, 0));

        assertThat(out)
                .extracting(Reading::monotonicNanos)
                .containsExactly(
                        0L,
                        Duration.ofSeconds(20).toNanos(),
                        Duration.ofSeconds(50).toNanos());
        assertThat(values(out)).containsExactly(0.0, 1.0, 0.0);

        List<Reading> quiet = run(new DeadbandStage(5, Duration.ofSeconds(60)), contact(1, 1, 1, 1, 1, 1, 1, 1));
        assertThat(values(quiet)).containsExactly(1.0, 1.0); // at 0 s and again at 60 s
    }

    @Test
    void numericStages_passAStateThroughUnchanged_andStillSmoothNumbers() {
        Pipeline pipeline = Pipeline.of(new MovingAverageStage(3), new DeadbandStage(0, Duration.ofHours(1)));

        List<Reading> states = pipeline.apply(contact(1, 0, 1));
        List<Reading> numbers = pipeline.apply(List.of(
                at("env0", Channel.AMBIENT_TEMPERATURE, 20, 0),
                at("env0", Channel.AMBIENT_TEMPERATURE, 23, 1),
                at("env0", Channel.AMBIENT_TEMPERATURE, 26, 2)));

        assertThat(values(states)).containsExactly(1.0, 0.0, 1.0);
        assertThat(values(numbers)).doesNotContain(0.5, 1.0 / 3).isNotEmpty();
        assertThat(values(numbers).getLast()).isEqualTo(23.0);
    }
}
