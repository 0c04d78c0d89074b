// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchFlags;
import org.fieldnode.benchmarks.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One short run of each real process (a {@code fieldnode run} node and the bare client, with real DTLS to a real
 * collector on loopback): the part yields its four figures, each with a floor, and the node really delivered.
 * Figures are not judged: benchmarks never gate the build.
 */
class NodeFootprintPartIT {
    @TempDir
    Path work;

    @Test
    void measure_oneShortRunEach_yieldsEveryFigureWithItsFloor() throws Exception {
        StringWriter progress = new StringWriter();
        NodeFootprintPart part = new NodeFootprintPart(Duration.ofSeconds(8), 1);

        List<Figure> figures =
                part.measure(new BenchContext(true, work, BenchFlags.node(), new PrintWriter(progress, true)));

        assertThat(figures)
                .extracting(Figure::key)
                .containsExactly(
                        "node_peak_rss",
                        "node_steady_rss",
                        "startup",
                        "cpu_per_cycle",
                        "node_lwm2m_peak_rss",
                        "node_lwm2m_steady_rss",
                        "startup_lwm2m");
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.value()).as(f.key()).isPositive().isFinite();
            assertThat(f.floor()).as(f.key() + " floor").isPresent();
            assertThat(f.floor().getAsDouble())
                    .as(f.key() + " floor")
                    .isPositive()
                    .isFinite();
            assertThat(f.note()).as(f.key() + " note").isNotBlank();
        });
        Figure peak = figures.get(0);
        Figure steady = figures.get(1);
        assertThat(peak.value()).as("peak RSS is at least the steady RSS").isGreaterThanOrEqualTo(steady.value());
        assertThat(part.nodeReadings())
                .as("readings the node delivered in its steady window")
                .isPositive();
        assertThat(progress.toString()).contains("fieldnode node 1", "bare client 1");
    }
}
