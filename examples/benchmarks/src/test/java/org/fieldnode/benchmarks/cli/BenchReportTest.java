// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final List<Figure> FIGURES = List.of(
            Figure.withFloor("node_steady_rss", "node steady RSS", "MiB", 66, 60, Target.ratioAtMost(1.15)),
            Figure.withFloor("startup", "start to first ACK", "ms", 600, 400, Target.ratioAtMost(1.25)),
            Figure.alone("wire_hourly", "wire, hourly batches", "B/day", 11_520, Target.atMost(12_000)),
            Figure.alone("wire_x509", "wire, X.509", "B/day", 11_700, Target.atMost(12_000)),
            Figure.alone("x509_handshake", "one certificate handshake", "B", 2_100, Target.none()),
            Figure.withFloor("disk_bytes_per_reading", "card bytes per reading", "B", 29, 20, Target.ratioAtMost(2)),
            Figure.withFloor("collector_req_s_1", "collector, 1 node", "req/s", 500, 1000, Target.none()),
            Figure.withFloor(
                    "collector_req_s_100", "collector, 100 nodes", "req/s", 3000, 5000, Target.ratioAtLeast(0.8)));

    @Test
    void closingLine_carriesTheHeadlineFigures_andTheWorstCollectorRatio() {
        BenchReport report = new BenchReport(FIGURES, true, List.of("-Xmx64m"));

        assertThat(report.closingLine())
                .isEqualTo("bench: rss_ratio=1.10 startup_ratio=1.50 wire_bytes_per_day=11520"
                        + " wire_bytes_per_day_x509=11700 x509_handshake_bytes=2100"
                        + " disk_bytes_per_reading=29 collector_ratio=0.60");
    }

    @Test
    void closingLine_showsADash_forAFigureThatWasNotMeasured() {
        BenchReport report = new BenchReport(List.of(FIGURES.get(2)), true, List.of());

        assertThat(report.closingLine())
                .isEqualTo("bench: rss_ratio=- startup_ratio=- wire_bytes_per_day=11520"
                        + " wire_bytes_per_day_x509=- x509_handshake_bytes=-"
                        + " disk_bytes_per_reading=- collector_ratio=-");
    }

    @Test
    void table_marksMissedTargets() {
        String table = new BenchReport(FIGURES, false, List.of()).table();

        assertThat(table.lines()).hasSize(2 + FIGURES.size());
        assertThat(table).contains("| node steady RSS | 66 MiB | 60 | 1.10 | ≤ 1.15× floor | yes |");
        assertThat(table).contains("| start to first ACK | 600 ms | 400 | 1.50 | ≤ 1.25× floor | **no** |");
        assertThat(table).contains("| wire, hourly batches | 11520 B/day | - | - | ≤ 12000 | yes |");
    }

    @Test
    void write_putsTableAndClosingLineInADatedFile(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport(FIGURES, true, List.of("-XX:+UseSerialGC"));

        Path file = report.write(dir.resolve("results"), LocalDate.of(2026, 11, 27));

        assertThat(file).hasFileName("2026-11-27.md");
        String text = Files.readString(file);
        assertThat(text).startsWith("# fieldnode bench, 2026-11-27 (--quick)");
        assertThat(text).contains("`-XX:+UseSerialGC`", report.table(), report.closingLine());
    }
}
