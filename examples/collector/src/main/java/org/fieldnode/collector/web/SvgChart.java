// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.export.Text;

/**
 * One series as an inline SVG line chart, drawn on the server: no script, no external resource. The x axis is the
 * page's time range ({@code from} to {@code to}, UTC), with a labelled gridline every few hours or days; the y axis
 * the value, with gridlines at round steps (1, 2 or 5 × 10^n) labelled, and the unit as its title. More readings than
 * {@link #MAX_POINTS} are drawn as the mean of equal time buckets, so a month stays a light page.
 */
final class SvgChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 180;
    /** The most points one line is drawn with. */
    static final int MAX_POINTS = 480;

    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 10;
    private static final int BOTTOM = 36;
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private SvgChart() {}

    static String render(SeriesKey series, List<StoredReading> readings, Instant from, Instant to) {
        String label = series.unit().isEmpty() ? series.name() : series.name() + " [" + series.unit() + "]";
        List<double[]> points = points(readings, from, to);
        StringBuilder svg = new StringBuilder(2048 + points.size() * 16);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" data-series=\"")
                .append(Html.escape(series.name()))
                .append("\" data-points=\"")
                .append(points.size())
                .append("\" aria-label=\"")
                .append(Html.escape(label))
                .append("\">");
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP);
        svg.append("\" width=\"").append((int) plotWidth).append("\" height=\"").append((int) plotHeight);
        svg.append("\"/>");
        timeAxis(svg, from, to, plotWidth, plotHeight);
        text(svg, "axis-title", LEFT + (int) plotWidth / 2, HEIGHT - 2, "middle", "time (UTC)");
        String unit = series.unit().isEmpty() ? "value" : series.unit();
        svg.append("<text class=\"axis-title\" transform=\"translate(12 ")
                .append(TOP + (int) plotHeight / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Html.escape(unit))
                .append("</text>");
        if (points.isEmpty()) {
            return svg.append("<text x=\"")
                    .append(LEFT + (int) plotWidth / 2)
                    .append("\" y=\"")
                    .append(TOP + (int) plotHeight / 2)
                    .append("\" text-anchor=\"middle\">no readings in this range</text></svg>")
                    .toString();
        }
        double min = points.stream().mapToDouble(p -> p[1]).min().orElseThrow();
        double max = points.stream().mapToDouble(p -> p[1]).max().orElseThrow();
        double[] ticks = valueTicks(min, max);
        double low = ticks[0];
        double high = ticks[ticks.length - 1];
        for (double tick : ticks) {
            double y = TOP + plotHeight - (tick - low) / (high - low) * plotHeight;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT,
                    y,
                    LEFT + (int) plotWidth,
                    y));
            text(svg, "tick", LEFT - 4, (int) Math.round(y) + 4, "end", Text.number(round(tick)));
        }
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        StringBuilder coordinates = new StringBuilder(points.size() * 14);
        for (double[] p : points) {
            double x = LEFT + (p[0] - from.toEpochMilli()) / span * plotWidth;
            double y = TOP + plotHeight - (p[1] - low) / (high - low) * plotHeight;
            coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (points.size() == 1) {
            String[] xy = coordinates.toString().strip().split(",");
            svg.append("<circle class=\"point\" cx=\"")
                    .append(xy[0])
                    .append("\" cy=\"")
                    .append(xy[1]);
            svg.append("\" r=\"3\"/>");
        } else {
            svg.append("<polyline class=\"line\" points=\"")
                    .append(coordinates.toString().strip())
                    .append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A boolean series ({@code vb}: a float switch, a door, a pump running) as a step chart: the line holds each
     * state until the next reading, high for {@code true}, low for {@code false}, and the time in the true state is
     * shaded, so a state band reads at a glance. Readings must be booleans, oldest first; the x axis is the page's
     * range, as for the line charts.
     */
    static String renderSteps(SeriesKey series, List<StoredReading> readings, Instant from, Instant to) {
        StringBuilder svg = new StringBuilder(512 + readings.size() * 24);
        svg.append("<svg class=\"chart step\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" data-kind=\"step\" data-series=\"")
                .append(Html.escape(series.name()))
                .append("\" data-points=\"")
                .append(readings.size())
                .append("\" data-latest=\"")
                .append(readings.isEmpty() ? "" : readings.getLast().value() > 0 ? "true" : "false")
                .append("\" aria-label=\"")
                .append(Html.escape(series.name()))
                .append("\">");
        if (readings.isEmpty()) {
            return svg.append("<text x=\"")
                    .append(LEFT)
                    .append("\" y=\"80\">no readings</text></svg>")
                    .toString();
        }
        Instant first = from;
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double high = TOP + plotHeight * 0.2;
        double low = TOP + plotHeight * 0.8;
        svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP);
        svg.append("\" width=\"").append((int) plotWidth).append("\" height=\"").append((int) plotHeight);
        svg.append("\"/>");
        timeAxis(svg, from, to, plotWidth, plotHeight);
        text(svg, "axis-title", LEFT + (int) plotWidth / 2, HEIGHT - 2, "middle", "time (UTC)");
        StringBuilder path = new StringBuilder(readings.size() * 24);
        double previousY = 0;
        for (int i = 0; i < readings.size(); i++) {
            StoredReading r = readings.get(i);
            double x = LEFT + Math.max(0, r.time().toEpochMilli() - first.toEpochMilli()) / span * plotWidth;
            double y = r.value() > 0 ? high : low;
            double nextX = i + 1 < readings.size()
                    ? LEFT + (readings.get(i + 1).time().toEpochMilli() - first.toEpochMilli()) / span * plotWidth
                    : LEFT + plotWidth;
            if (r.value() > 0) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                        x,
                        high,
                        Math.max(0.5, nextX - x),
                        low - high));
            }
            path.append(
                    i == 0
                            ? String.format(Locale.ROOT, "M%.1f,%.1f", x, y)
                            : String.format(Locale.ROOT, " L%.1f,%.1f L%.1f,%.1f", x, previousY, x, y));
            previousY = y;
        }
        path.append(String.format(Locale.ROOT, " L%.1f,%.1f", LEFT + plotWidth, previousY));
        svg.append("<path class=\"line\" d=\"").append(path).append("\"/>");
        text(svg, "tick", LEFT - 4, (int) high + 4, "end", "true");
        text(svg, "tick", LEFT - 4, (int) low + 4, "end", "false");
        return svg.append("</svg>").toString();
    }

    /** (epoch millis, value) of each reading in [from, to], or of bucket means when there are too many. */
    static List<double[]> points(List<StoredReading> readings, Instant from, Instant to) {
        List<double[]> in = new ArrayList<>();
        for (StoredReading r : readings) {
            if (!r.time().isBefore(from) && !r.time().isAfter(to) && Double.isFinite(r.value())) {
                in.add(new double[] {r.time().toEpochMilli(), r.value()});
            }
        }
        if (in.size() <= MAX_POINTS) {
            return in;
        }
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        double[] times = new double[MAX_POINTS];
        double[] sums = new double[MAX_POINTS];
        int[] counts = new int[MAX_POINTS];
        for (double[] p : in) {
            int bucket = (int) Math.min(MAX_POINTS - 1, (p[0] - from.toEpochMilli()) / span * MAX_POINTS);
            times[bucket] += p[0];
            sums[bucket] += p[1];
            counts[bucket]++;
        }
        List<double[]> means = new ArrayList<>();
        for (int b = 0; b < MAX_POINTS; b++) {
            if (counts[b] > 0) {
                means.add(new double[] {times[b] / counts[b], sums[b] / counts[b]});
            }
        }
        return means;
    }

    /** Gridlines at round steps covering [min, max]: 1, 2 or 5 × 10^n apart, 3 to 7 of them. */
    static double[] valueTicks(double min, double max) {
        if (!(max > min)) {
            double pad = Math.max(1e-9, Math.abs(min) * 0.05);
            pad = pad == 0 ? 1 : pad;
            min -= pad;
            max += pad;
        }
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * magnitude) {
                step = m * magnitude;
                break;
            }
        }
        double low = Math.floor(min / step) * step;
        double high = Math.ceil(max / step) * step;
        int n = (int) Math.round((high - low) / step) + 1;
        double[] ticks = new double[Math.max(2, n)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = low + i * step;
        }
        return ticks;
    }

    /** A labelled vertical gridline every 3 h (a day), every day (a week) or every 5 days (a month), UTC. */
    private static void timeAxis(StringBuilder svg, Instant from, Instant to, double plotWidth, double plotHeight) {
        Duration range = Duration.between(from, to);
        Duration step = range.compareTo(Duration.ofDays(1)) <= 0
                ? Duration.ofHours(3)
                : range.compareTo(Duration.ofDays(7)) <= 0 ? Duration.ofDays(1) : Duration.ofDays(5);
        DateTimeFormatter format = step.compareTo(Duration.ofDays(1)) < 0 ? HOURS : DAYS;
        long stepMillis = step.toMillis();
        long first = Math.floorDiv(from.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis;
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        for (long t = first; t <= to.toEpochMilli(); t += stepMillis) {
            double x = LEFT + (t - from.toEpochMilli()) / span * plotWidth;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                    x,
                    TOP,
                    x,
                    TOP + (int) plotHeight));
            text(
                    svg,
                    "tick",
                    (int) Math.round(x),
                    TOP + (int) plotHeight + 14,
                    "middle",
                    format.format(Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC)));
        }
    }

    /** {@code value} without the binary noise of repeated addition (0.30000000000000004). */
    private static double round(double value) {
        return Math.round(value * 1e9) / 1e9;
    }

    private static void text(StringBuilder svg, String cssClass, int x, int y, String anchor, String content) {
        svg.append("<text class=\"")
                .append(cssClass)
                .append("\" x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" text-anchor=\"")
                .append(anchor);
        svg.append("\">").append(Html.escape(content)).append("</text>");
    }
}
