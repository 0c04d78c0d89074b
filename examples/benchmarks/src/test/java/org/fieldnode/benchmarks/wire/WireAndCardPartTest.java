// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire-and-card part in --quick mode: every figure is there and sane, and each virtual day delivered every
 * reading it sampled. Figures only: no threshold is asserted (benchmarks never gate the build).
 */
class WireAndCardPartTest {
    @TempDir
    Path dir;

    @Test
    void quickRun_givesItsFourFigures_andEveryDayStoresWhatItSampled() throws Exception {
        StringWriter progress = new StringWriter();
        WireAndCardPart part = new WireAndCardPart();

        List<Figure> figures = part.measure(new BenchContext(true, dir, List.of(), new PrintWriter(progress)));

        assertThat(figures)
                .extracting(Figure::key)
                .containsExactly("wire_hourly", "wire_per_sample", "disk_bytes_per_reading", "fsyncs_per_hour");
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.value()).as(f.key()).isPositive();
            assertThat(f.note()).as(f.key()).isNotBlank();
        });
        assertThat(figures.get(2).floor()).isPresent();
        assertThat(figures.get(2).floor().getAsDouble()).isPositive();
        assertThat(part.days()).hasSize(3).allSatisfy(day -> {
            // 288 cycles of 4 values, and the rain gauge's count when it moved (at least hourly)
            assertThat(day.sampled()).isBetween(288L * VirtualWeatherStation.VALUES_PER_CYCLE + 24, 288L * 5);
            assertThat(day.stored()).isEqualTo(day.sampled());
            assertThat(day.handshakeBytes()).isPositive();
        });
        assertThat(part.days().get(0).posts()).isEqualTo(24); // one POST an hour
        assertThat(part.days().get(1).posts()).isEqualTo(288); // one POST per sample
        assertThat(progress.toString()).contains("bench: wire:");
    }
}
