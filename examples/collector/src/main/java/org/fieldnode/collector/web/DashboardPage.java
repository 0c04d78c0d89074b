// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.HealthNames;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.export.Text;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.senml.SenmlValue;

/**
 * The collector's one page: a table of devices (state, last seen, health) and, per device, a chart of the recent
 * readings of each series: numbers as a line, booleans as a step chart with the true state shaded, strings and data
 * as a table of their latest values. A device quiet longer than the report interval it sends ({@code health/report_interval})
 * is flagged {@code silent}, with how long and its interval. Plain HTML and inline SVG, no script; every text from a node is escaped.
 */
final class DashboardPage {
    /** Readings per chart: a day of 5-minute samples. */
    static final int POINTS = 288;

    static final int MAX_CHARTED_DEVICES = 50;

    /** What a node may take beyond its report interval before it counts as silent: its exchange, a retry. */
    static final Duration GRACE = Duration.ofMinutes(1);

    private static final SeriesKey REPORT_INTERVAL = new SeriesKey(HealthNames.REPORT_INTERVAL, "s");
    static final int MAX_SERIES_PER_DEVICE = 24;

    private static final String STYLE = """
            body{font-family:sans-serif;margin:1em;color:#222;max-width:90em}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
            td.name{font-weight:bold}
            .silent{color:#a00;font-weight:bold}.active{color:#070}.degraded{color:#b60}
            nav a,nav strong{display:inline-block;margin:.2em .8em .2em 0;padding:.3em .2em}
            figure{margin:.5em 0 1em 0}figcaption{font-size:.9em}
            svg.chart{width:640px;max-width:100%;height:auto;font-size:11px}
            svg .plot{fill:#fafafa;stroke:#bbb}svg .grid{stroke:#ddd;stroke-width:1}
            svg .line{fill:none;stroke:#1f6fb2;stroke-width:1.5}svg .point{fill:#1f6fb2}svg .band{fill:#cfe3f3}
            svg .axis-title{font-size:11px;fill:#555}
            @media (max-width:600px){body{margin:.4em}td,th{padding:.2em .3em;font-size:.9em}}
            """;

    private DashboardPage() {}

    /** The time ranges the page offers; the first is the default. */
    enum Range {
        DAY("24h", "24 h", Duration.ofDays(1)),
        WEEK("7d", "7 days", Duration.ofDays(7)),
        MONTH("30d", "30 days", Duration.ofDays(30));

        final String key;
        final String label;
        final Duration length;

        Range(String key, String label, Duration length) {
            this.key = key;
            this.label = label;
            this.length = length;
        }

        /** The range {@code ?range=} names; the default for none or an unknown one. */
        static Range of(String key) {
            for (Range r : values()) {
                if (r.key.equals(key)) {
                    return r;
                }
            }
            return DAY;
        }
    }

    static String render(ReadingStore store, Instant now) throws StoreException {
        return render(store, now, Range.DAY, DeviceLabels.NONE);
    }

    static String render(ReadingStore store, Instant now, Range range, DeviceLabels labels) throws StoreException {
        List<DeviceSummary> devices = store.devices();
        Map<String, DeviceLabels.Label> names = labels.all();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"60\">")
                .append("<title>fieldnode collector</title><style>")
                .append(STYLE)
                .append("</style></head><body>\n<h1>fieldnode collector</h1>\n<p id=\"summary\">")
                .append(devices.size())
                .append(" device(s), page made at ")
                .append(now)
                .append(" (refreshes every minute)</p>\n");
        html.append("<nav id=\"ranges\">");
        for (Range r : Range.values()) {
            if (r == range) {
                html.append("<strong>").append(r.label).append("</strong>");
            } else {
                html.append("<a href=\"/?range=")
                        .append(r.key)
                        .append("\">")
                        .append(r.label)
                        .append("</a>");
            }
        }
        html.append("<a id=\"csv\" href=\"/export.csv?range=")
                .append(range.key)
                .append("\" download>CSV of the last ")
                .append(range.label)
                .append("</a></nav>\n");
        deviceTable(html, store, devices, names, now);
        Instant from = now.minus(range.length);
        for (int i = 0; i < devices.size() && i < MAX_CHARTED_DEVICES; i++) {
            charts(html, store, devices.get(i), names.get(devices.get(i).device()), i, range, from, now);
        }
        if (devices.size() > MAX_CHARTED_DEVICES) {
            html.append("<p>Charts are shown for the first ")
                    .append(MAX_CHARTED_DEVICES)
                    .append(" devices; use fieldnode collector export for the rest.</p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void deviceTable(
            StringBuilder html,
            ReadingStore store,
            List<DeviceSummary> devices,
            Map<String, DeviceLabels.Label> names,
            Instant now)
            throws StoreException {
        html.append("<div class=\"scroll\"><table id=\"devices\"><thead><tr><th>node</th><th>name</th>")
                .append("<th>place</th><th>state</th><th>last seen (UTC)</th><th>queue</th><th>battery</th>")
                .append("<th>dropped</th><th>enrolment</th><th>software</th><th>profile</th></tr></thead><tbody>\n");
        for (int i = 0; i < devices.size(); i++) {
            DeviceSummary d = devices.get(i);
            Optional<Duration> interval = reportInterval(store, d.device());
            String state = state(d, interval, now);
            html.append("<tr class=\"device\" data-device=\"")
                    .append(Html.escape(d.device()))
                    .append("\"><td>");
            if (i < MAX_CHARTED_DEVICES) {
                html.append("<a href=\"#d")
                        .append(i)
                        .append("\">")
                        .append(Html.escape(d.device()))
                        .append("</a>");
            } else {
                html.append(Html.escape(d.device()));
            }
            DeviceLabels.Label label = names.get(d.device());
            html.append("</td><td class=\"name\">")
                    .append(label == null ? "–" : Html.escape(label.name()))
                    .append("</td><td class=\"place\">")
                    .append(latestText(store, d.device(), HealthNames.PLACE))
                    .append("</td><td class=\"state ")
                    .append(Html.escape(state))
                    .append("\">")
                    .append(Html.escape(state))
                    .append(
                            state.equals("silent") && interval.isPresent()
                                    ? " for "
                                            + Intervals.format(Duration.between(d.lastSeen(), now)
                                                    .truncatedTo(ChronoUnit.MINUTES))
                                            + ", reports every " + Intervals.format(interval.get())
                                    : "")
                    .append("</td><td>")
                    .append(d.lastSeen())
                    .append("</td><td>")
                    .append(
                            d.queueDepth().isPresent()
                                    ? Long.toString(d.queueDepth().getAsLong())
                                    : "–")
                    .append("</td><td>")
                    .append(
                            d.battery().isPresent()
                                    ? Html.escape(Text.number(d.battery().getAsDouble()) + " " + d.batteryUnit())
                                    : "–")
                    .append("</td><td>")
                    .append(d.dropped().isPresent() ? Long.toString(d.dropped().getAsLong()) : "–")
                    .append("</td><td class=\"enrolment\">")
                    .append(label == null ? "–" : Html.escape(label.enrolment()))
                    .append("</td><td class=\"software\">")
                    .append(latestText(store, d.device(), HealthNames.SOFTWARE))
                    .append("</td><td class=\"profile\">")
                    .append(latestText(store, d.device(), HealthNames.PROFILE))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table></div>\n");
    }

    /**
     * The latest string ({@code vs}) the device sent under {@code series}, HTML-escaped, or a dash: its software
     * version, its profile, its place. Nodes send them at start, on change and daily, so the latest is the current
     * one.
     */
    static String latestText(ReadingStore store, String device, String series) throws StoreException {
        Optional<StoredReading> latest =
                store.latestRepeated(device, new SeriesKey(series, ""), HealthNames.REPEATED_EVERY);
        return latest.isPresent() && latest.get().typed() instanceof SenmlValue.Text t ? Html.escape(t.text()) : "–";
    }

    /** The report interval the device last sent as {@code health/report_interval}, if it did. */
    static Optional<Duration> reportInterval(ReadingStore store, String device) throws StoreException {
        Optional<StoredReading> latest = store.latestRepeated(device, REPORT_INTERVAL, HealthNames.REPEATED_EVERY);
        return latest.isEmpty() || !(latest.get().value() > 0)
                ? Optional.empty()
                : Optional.of(Duration.ofSeconds(Math.round(latest.get().value())));
    }

    /**
     * The state shown: {@code silent} once the device was quiet longer than its report interval (plus {@link
     * #GRACE}), or than {@link DeviceSummary#SILENCE} when it never said its interval; else its own state.
     */
    static String state(DeviceSummary device, Optional<Duration> interval, Instant now) {
        return device.state(now, interval.map(i -> i.plus(GRACE)).orElse(DeviceSummary.SILENCE));
    }

    private static void charts(
            StringBuilder html,
            ReadingStore store,
            DeviceSummary device,
            DeviceLabels.Label label,
            int index,
            Range range,
            Instant from,
            Instant to)
            throws StoreException {
        html.append("<section class=\"device-charts\" id=\"d")
                .append(index)
                .append("\" data-device=\"")
                .append(Html.escape(device.device()))
                .append("\"><h2>")
                .append(label == null ? "" : Html.escape(label.name()) + " · ")
                .append(Html.escape(device.device()))
                .append("</h2>\n<p><a class=\"csv\" href=\"/export.csv?device=")
                .append(Html.escape(URLEncoder.encode(device.device(), StandardCharsets.UTF_8)))
                .append("&amp;range=")
                .append(range.key)
                .append("\" download>CSV of these charts</a></p>\n");
        ReadingFilter filter = new ReadingFilter(Optional.of(device.device()), Optional.of(from), Optional.of(to));
        List<SeriesKey> series =
                store.series(new ReadingFilter(Optional.of(device.device()), Optional.empty(), Optional.empty()));
        Map<SeriesKey, List<StoredReading>> inRange = new LinkedHashMap<>();
        try {
            store.scan(
                    filter,
                    r -> inRange.computeIfAbsent(new SeriesKey(r.name(), r.unit()), k -> new ArrayList<>())
                            .add(r));
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException("cannot read the readings of " + device.device() + ": " + e.getMessage(), e);
        }
        inRange.values().forEach(list -> list.sort(Comparator.comparing(StoredReading::time)));
        if (series.isEmpty()) {
            html.append("<p>No readings kept.</p>\n");
        }
        List<String[]> latestValues = new ArrayList<>();
        for (int s = 0; s < series.size() && s < MAX_SERIES_PER_DEVICE; s++) {
            SeriesKey key = series.get(s);
            List<StoredReading> recent = inRange.getOrDefault(key, List.of());
            if (!recent.isEmpty() && isTextual(recent.getLast())) {
                // Strings and data have no axis: the latest value, in a table after the charts.
                StoredReading latest = recent.getLast();
                latestValues.add(
                        new String[] {key.name(), shown(latest), latest.time().toString()});
                continue;
            }
            boolean steps = !recent.isEmpty() && recent.stream().allMatch(r -> r.typed() instanceof SenmlValue.Flag);
            html.append("<figure><figcaption>")
                    .append(Html.escape(key.name()))
                    .append(key.unit().isEmpty() ? "" : " [" + Html.escape(key.unit()) + "]");
            if (!recent.isEmpty()) {
                StoredReading latest = recent.getLast();
                html.append(": latest ")
                        .append(Html.escape(shown(latest)))
                        .append(" at ")
                        .append(latest.time());
            }
            List<StoredReading> numbers = steps
                    ? recent
                    : recent.stream().filter(StoredReading::numeric).toList();
            html.append(", ")
                    .append(recent.size())
                    .append(" reading(s) in the last ")
                    .append(range.label)
                    .append("</figcaption>")
                    .append(
                            steps
                                    ? SvgChart.renderSteps(key, recent, from, to)
                                    : SvgChart.render(key, numbers, from, to))
                    .append("</figure>\n");
        }
        if (!latestValues.isEmpty()) {
            html.append("<table class=\"latest-values\"><thead><tr><th>series</th><th>latest value</th>")
                    .append("<th>at (UTC)</th></tr></thead><tbody>\n");
            for (String[] row : latestValues) {
                html.append("<tr data-series=\"")
                        .append(Html.escape(row[0]))
                        .append("\"><td>")
                        .append(Html.escape(row[0]))
                        .append("</td><td class=\"value\">")
                        .append(Html.escape(row[1]))
                        .append("</td><td>")
                        .append(row[2])
                        .append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        html.append("</section>\n");
    }

    private static boolean isTextual(StoredReading r) {
        return r.typed() instanceof SenmlValue.Text || r.typed() instanceof SenmlValue.Data;
    }

    /** A reading's value as the page shows it: a number, true/false, the text, data in base64url (shortened). */
    static String shown(StoredReading r) {
        return switch (r.typed()) {
            case SenmlValue.Numeric n -> Text.number(n.number());
            case SenmlValue.Flag f -> Boolean.toString(f.flag());
            case SenmlValue.Text t -> t.text().length() > 200 ? t.text().substring(0, 200) + "…" : t.text();
            case SenmlValue.Data d -> d.base64().length() > 64 ? d.base64().substring(0, 64) + "…" : d.base64();
            case null -> "sum " + Text.number(r.sum());
        };
    }

    /** Sent with every answer: no script may run, nothing may be loaded from elsewhere, no framing. */
    static Map<String, String> securityHeaders() {
        return Map.of(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none';"
                        + " base-uri 'none'; form-action 'none'",
                "X-Content-Type-Options",
                "nosniff",
                "Referrer-Policy",
                "no-referrer",
                "Cache-Control",
                "no-store");
    }
}
