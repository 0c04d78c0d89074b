// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.export.Text;

/**
 * One series as an inline SVG line chart, drawn on the server: no script, no external resource. The x axis is
 * observation time (first and last reading labelled), the y axis the value (minimum and maximum labelled).
 */
final class SvgChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    private static final int LEFT = 70;
    private static final int RIGHT = 10;
    private static final int TOP = 10;
    private static final int BOTTOM = 24;

    private SvgChart() {}

    static String render(SeriesKey series, List<StoredReading> readings) {
        String label = series.unit().isEmpty() ? series.name() : series.name() + " [" + series.unit() + "]";
        StringBuilder svg = new StringBuilder(512 + readings.size() * 16);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" data-series=\"")
                .append(Html.escape(series.name()))
                .append("\" data-points=\"")
                .append(readings.size())
                .append("\" aria-label=\"")
                .append(Html.escape(label))
                .append("\">");
        if (readings.isEmpty()) {
            return svg.append("<text x=\"")
                    .append(LEFT)
                    .append("\" y=\"80\">no readings</text></svg>")
                    .toString();
        }
        double min = readings.stream().mapToDouble(StoredReading::value).min().orElseThrow();
        double max = readings.stream().mapToDouble(StoredReading::value).max().orElseThrow();
        Instant first = readings.getFirst().time();
        Instant last = readings.getLast().time();
        double span = Math.max(1, last.toEpochMilli() - first.toEpochMilli());
        double range = max > min ? max - min : 1;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;

        svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP);
        svg.append("\" width=\"").append((int) plotWidth).append("\" height=\"").append((int) plotHeight);
        svg.append("\"/>");
        StringBuilder points = new StringBuilder(readings.size() * 14);
        for (StoredReading r : readings) {
            double x = readings.size() == 1
                    ? LEFT + plotWidth / 2
                    : LEFT + (r.time().toEpochMilli() - first.toEpochMilli()) / span * plotWidth;
            double y = TOP + plotHeight - (max > min ? (r.value() - min) / range * plotHeight : plotHeight / 2);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (readings.size() == 1) {
            String[] xy = points.toString().strip().split(",");
            svg.append("<circle class=\"point\" cx=\"")
                    .append(xy[0])
                    .append("\" cy=\"")
                    .append(xy[1]);
            svg.append("\" r=\"3\"/>");
        } else {
            svg.append("<polyline class=\"line\" points=\"")
                    .append(points.toString().strip())
                    .append("\"/>");
        }
        text(svg, LEFT - 4, TOP + 10, "end", Text.number(max));
        text(svg, LEFT - 4, TOP + (int) plotHeight, "end", Text.number(min));
        text(svg, LEFT, HEIGHT - 6, "start", first.toString());
        text(svg, WIDTH - RIGHT, HEIGHT - 6, "end", last.toString());
        return svg.append("</svg>").toString();
    }

    /**
     * A boolean series ({@code vb}: a float switch, a door, a pump running) as a step chart: the line holds each
     * state until the next reading, high for {@code true}, low for {@code false}, and the time in the true state is
     * shaded, so a state band reads at a glance. Readings must be booleans, oldest first.
     */
    static String renderSteps(SeriesKey series, List<StoredReading> readings) {
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
        Instant first = readings.getFirst().time();
        Instant last = readings.getLast().time();
        double span = Math.max(1, last.toEpochMilli() - first.toEpochMilli());
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double high = TOP + plotHeight * 0.2;
        double low = TOP + plotHeight * 0.8;
        svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP);
        svg.append("\" width=\"").append((int) plotWidth).append("\" height=\"").append((int) plotHeight);
        svg.append("\"/>");
        StringBuilder path = new StringBuilder(readings.size() * 24);
        double previousY = 0;
        for (int i = 0; i < readings.size(); i++) {
            StoredReading r = readings.get(i);
            double x = readings.size() == 1
                    ? LEFT
                    : LEFT + (r.time().toEpochMilli() - first.toEpochMilli()) / span * plotWidth;
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
        text(svg, LEFT - 4, (int) high + 4, "end", "true");
        text(svg, LEFT - 4, (int) low + 4, "end", "false");
        text(svg, LEFT, HEIGHT - 6, "start", first.toString());
        text(svg, WIDTH - RIGHT, HEIGHT - 6, "end", last.toString());
        return svg.append("</svg>").toString();
    }

    private static void text(StringBuilder svg, int x, int y, String anchor, String content) {
        svg.append("<text x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" text-anchor=\"")
                .append(anchor);
        svg.append("\">").append(Html.escape(content)).append("</text>");
    }
}
