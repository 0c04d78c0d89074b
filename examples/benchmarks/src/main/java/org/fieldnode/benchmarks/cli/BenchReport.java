// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Figures;
import org.fieldnode.benchmarks.Target;

/** The table, the results file and the closing line of one {@code fieldnode bench} run. */
final class BenchReport {
    private final List<Figure> figures;
    private final boolean quick;
    private final List<String> jvmFlags;

    BenchReport(List<Figure> figures, boolean quick, List<String> jvmFlags) {
        this.figures = List.copyOf(figures);
        this.quick = quick;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /** A Markdown table: readable in a terminal and in results/<date>.md alike. */
    String table() {
        StringBuilder table = new StringBuilder();
        table.append("| figure | fieldnode | floor | ratio | target | met | note |\n");
        table.append("|---|---:|---:|---:|---|---|---|\n");
        for (Figure figure : figures) {
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %s %s | %s | %s | %s | %s | %s |%n",
                    figure.what(),
                    Figures.number(figure.value()),
                    figure.unit(),
                    figure.floor().isPresent() ? Figures.number(figure.floor().getAsDouble()) : "-",
                    Double.isNaN(figure.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", figure.ratio()),
                    figure.target().describe(),
                    figure.target() instanceof Target.None ? "" : figure.met() ? "yes" : "**no**",
                    figure.note()));
        }
        return table.toString();
    }

    /** Writes {@code <dir>/<date>.md}, replacing an earlier run of the same day. */
    Path write(Path dir, LocalDate date) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(date + ".md");
        String text = "# fieldnode bench, " + date + (quick ? " (--quick)" : "") + "\n\n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + Runtime.version() + ".\n"
                + "JVM flags of node and floor: `" + String.join(" ", jvmFlags) + "`.\n\n"
                + table() + "\n" + closingLine() + "\n";
        Files.writeString(file, text);
        return file;
    }

    /**
     * {@code bench: rss_ratio=X startup_ratio=X wire_bytes_per_day=N wire_bytes_per_day_x509=N x509_handshake_bytes=N
     * disk_bytes_per_reading=N collector_ratio=X}, a dash for what was not measured.
     */
    String closingLine() {
        return "bench: rss_ratio=" + ratio("node_steady_rss")
                + " startup_ratio=" + ratio("startup")
                + " wire_bytes_per_day=" + value("wire_hourly")
                + " wire_bytes_per_day_x509=" + value("wire_x509")
                + " x509_handshake_bytes=" + value("x509_handshake")
                + " disk_bytes_per_reading=" + value("disk_bytes_per_reading")
                + " collector_ratio=" + worstCollectorRatio();
    }

    private Optional<Figure> find(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    private String ratio(String key) {
        return find(key).map(f -> String.format(Locale.ROOT, "%.2f", f.ratio())).orElse("-");
    }

    private String value(String key) {
        return find(key).map(f -> Figures.number(f.value())).orElse("-");
    }

    /**
     * The lowest collector/bare-server request-rate ratio over the node counts that have the ≥ 0.8× target (100 nodes
     * and more; one node's target is on latency): the figure the target is about.
     */
    private String worstCollectorRatio() {
        return figures.stream()
                .filter(f -> f.key().startsWith("collector_req_s_") && f.target() instanceof Target.RatioAtLeast)
                .mapToDouble(Figure::ratio)
                .min()
                .stream()
                .mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                .findFirst()
                .orElse("-");
    }
}
