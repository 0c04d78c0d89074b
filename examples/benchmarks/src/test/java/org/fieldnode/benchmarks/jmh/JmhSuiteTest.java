// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldnode.benchmarks.BenchFlags;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.drivers.sensor.bosch.bmx280.CompensationBenchmark;
import org.fieldnode.runtime.store.QueueBenchmark;
import org.junit.jupiter.api.Test;

/** The suite runs real benchmarks and turns JMH's results into figures. Scores are never compared to a threshold. */
class JmhSuiteTest {
    /** One warm-up-free iteration of 100 ms: enough for a score, far too little for a figure worth quoting. */
    private static final JmhSuite.Effort TINY = new JmhSuite.Effort(1, 0, Duration.ZERO, 1, Duration.ofMillis(100));

    @Test
    void forkedBenchmark_getsTheClassPathAndFlags_andGivesAFinitePositiveScore() throws Exception {
        ByteArrayOutputStream jmhOutput = new ByteArrayOutputStream();
        List<String> progress = new ArrayList<>();

        // One fork with the node's flags: the forked JVM finds the benchmark only with this JVM's class path.
        List<JmhResult> results = JmhSuite.run(
                List.of(CompensationBenchmark.class),
                "\\.temperature$",
                TINY,
                BenchFlags.node(),
                new PrintStream(jmhOutput, true, StandardCharsets.UTF_8),
                progress::add);

        assertThat(progress).containsExactly("CompensationBenchmark");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.benchmark()).isEqualTo(CompensationBenchmark.class.getName() + ".temperature");
            assertThat(r.mean()).isFinite().isPositive();
            assertThat(r.unit()).isEqualTo("ns/op");
            assertThat(r.error()).isNaN(); // one iteration: JMH gives no confidence interval
            assertThat(r.key()).isEqualTo("jmh_compensation_temperature");
        });
        String output = jmhOutput.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("# Fork: 1 of 1").contains("-XX:+UseSerialGC");
    }

    @Test
    void queueBenchmarks_runInThisJvm_onRealFiles_oncePerParameter() throws Exception {
        List<JmhResult> results = JmhSuite.run(
                List.of(QueueBenchmark.class),
                "",
                new JmhSuite.Effort(0, 0, Duration.ZERO, 2, Duration.ofMillis(100)),
                List.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                name -> {});

        assertThat(results).allSatisfy(r -> assertThat(r.mean()).isFinite().isPositive());
        assertThat(results)
                .extracting(JmhResult::key)
                .containsExactly(
                        "jmh_queue_append_cycle_per_record",
                        "jmh_queue_append_cycle_per_batch",
                        "jmh_queue_append_cycle_interval_60s",
                        "jmh_queue_peek_acknowledge_per_record",
                        "jmh_queue_peek_acknowledge_per_batch");
    }

    @Test
    void figure_carriesMeanUnitAndErrorWithoutTarget() {
        JmhResult result = new JmhResult(
                QueueBenchmark.class.getName() + ".peekAcknowledge",
                Map.of("layout", "per-batch"),
                41.26,
                3.1,
                "us/op");

        Figure figure = JmhPart.figure(result, "/tmp (ext4)");

        assertThat(figure.key()).isEqualTo("jmh_queue_peek_acknowledge_per_batch");
        assertThat(figure.what()).isEqualTo("JMH QueueBenchmark.peekAcknowledge layout=per-batch");
        assertThat(figure.value()).isEqualTo(41.26);
        assertThat(figure.unit()).isEqualTo("us/op");
        assertThat(figure.floor()).isEmpty();
        assertThat(figure.met()).isTrue();
        assertThat(figure.note()).isEqualTo("± 3.10 (99.9 %); files on /tmp (ext4)");
    }

    @Test
    void table_showsMeanPlusMinusError_andAQuestionMarkWithoutOne() {
        String table = JmhSuite.table(List.of(
                new JmhResult("a.b.CompensationBenchmark.pressure", Map.of(), 57.04, 1.234, "ns/op"),
                new JmhResult("a.b.SenmlEncodingBenchmark.encodeCbor", Map.of(), 12.5, Double.NaN, "us/op")));

        assertThat(table)
                .contains("| CompensationBenchmark.pressure | 57.0 ± 1.23 | ns/op |")
                .contains("| SenmlEncodingBenchmark.encodeCbor | 12.5 ± ? | us/op |");
    }

    @Test
    void effort_refusesNoMeasurement() {
        assertThatThrownBy(() -> new JmhSuite.Effort(1, 0, Duration.ZERO, 0, Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("measurement iterations >= 1");
    }

    @Test
    void queuePolicy_readsTheProfileSpelling_andRefusesOthersInOneLine() {
        assertThat(QueueBenchmark.OpenQueue.policy("interval-60s").toString()).isEqualTo("interval PT1M");
        assertThatThrownBy(() -> QueueBenchmark.OpenQueue.policy("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fsync: expected per-record, per-batch or interval-<seconds>s, got sometimes");
    }
}
