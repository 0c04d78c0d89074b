// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchFlags;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.collector.CollectorScalePart.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the collector part with real processes (collector, bare server, load driver): 1 and 10 nodes for
 * a few seconds. Checks the figures' structure and sanity and that the collector stored exactly the readings the
 * nodes had acknowledged; no figure is held to a threshold (benchmarks never gate the build).
 */
class CollectorScalePartIT {
    private static final Pattern STORED = Pattern.compile("stored=(\\d+) acknowledged=(\\d+) readings");

    @TempDir
    Path work;

    @Test
    void tinyRun_givesEveryFigureForEachNodeCount_andStoresWhatWasAcknowledged() throws Exception {
        StringWriter progress = new StringWriter();
        BenchContext context = new BenchContext(true, work, BenchFlags.node(), new PrintWriter(progress, true));
        CollectorScalePart part = new CollectorScalePart(List.of(
                new Plan(1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                new Plan(10, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2))));

        List<Figure> figures = part.measure(context);

        assertThat(figures)
                .extracting(Figure::key)
                .containsExactly(
                        "collector_req_s_1",
                        "collector_latency_1",
                        "collector_readings_s_1",
                        "collector_rss_1",
                        "collector_heap_1",
                        "collector_req_s_10",
                        "collector_readings_s_10",
                        "collector_rss_10",
                        "collector_heap_10");
        for (Figure figure : figures) {
            assertThat(figure.value()).as(figure.key()).isPositive().isFinite();
            if (figure.floor().isPresent()) {
                assertThat(figure.floor().getAsDouble())
                        .as(figure.key() + " floor")
                        .isPositive();
            }
        }
        for (Figure figure : figures.stream()
                .filter(f -> f.key().startsWith("collector_req_s_"))
                .toList()) {
            Matcher m = STORED.matcher(figure.note());
            assertThat(m.find()).as(figure.note()).isTrue();
            assertThat(Long.parseLong(m.group(1)))
                    .as("stored == acknowledged, " + figure.key())
                    .isEqualTo(Long.parseLong(m.group(2)))
                    .isPositive();
            assertThat(figure.note()).doesNotContain("failed reports");
        }
        Figure requests = figures.get(0);
        Figure readings = figures.get(2);
        assertThat(figures.get(1).value())
                .as("one node's latency is the inverse of its request rate")
                .isCloseTo(1000 / requests.value(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(readings.value())
                .as("readings/s = requests/s x readings per batch")
                .isCloseTo(requests.value() * CollectorScalePart.READINGS, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(progress.toString()).contains("collector scale: bare, 10 node(s)");
    }
}
