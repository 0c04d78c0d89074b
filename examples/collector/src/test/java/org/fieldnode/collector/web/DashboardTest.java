// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web page over real HTTP on loopback, from a real SQLite file: content, escaping, and what it refuses. */
class DashboardTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String HOSTILE = "<img src=x onerror=alert(1)>&\"'";

    @TempDir
    Path dir;

    private SqliteReadingStore store;
    private Dashboard dashboard;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Fills {@code store}: n1 with 20 temperatures and 20 humidities, and a device with a hostile name. */
    static void fill(SqliteReadingStore store) throws Exception {
        List<StoredReading> n1 = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            n1.add(new StoredReading("n1", "env0/temperature", 18 + i * 0.25, "Cel", T0.plusSeconds(300L * i), 2L * i));
            n1.add(new StoredReading("n1", "env0/humidity", 60 - i, "%RH", T0.plusSeconds(300L * i), 2L * i + 1));
        }
        store.storeNew("n1", T0.plusSeconds(6000), n1);
        store.storeNew(HOSTILE, T0, List.of(new StoredReading(HOSTILE, "<b>x</b>", 1, "<i>u</i>", T0, 1)));
    }

    /**
     * What n1's health report says about the node as strings ({@code vs}): its software, its profile and, with a
     * character to escape, its place.
     */
    static void fillHealthTexts(SqliteReadingStore store) throws Exception {
        List<StoredReading> texts = List.of(
                text("health/software", "0.9.0", 40),
                text("health/profile", "3f9c0a1b2c4d well-3.yaml", 41),
                text("health/place", "Well 3 <north> field", 42));
        store.storeNew("n1", T0.plusSeconds(6010), texts);
    }

    private static StoredReading text(String series, String value, long sequence) {
        return new StoredReading(
                "n1",
                series,
                "",
                T0.plusSeconds(10),
                sequence,
                new org.fieldnode.protocol.senml.SenmlValue.Text(value),
                null,
                org.fieldnode.protocol.senml.SenmlTimeQuality.SYNCED);
    }

    /** Issue 15 item 8: place next to the name, software and profile as columns, all escaped. */
    @Test
    void deviceTable_showsPlaceSoftwareAndProfile_fromTheHealthStrings() throws Exception {
        fillHealthTexts(store);
        dashboard.close();
        dashboard = Dashboard.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                store,
                InstantSource.fixed(T0.plusSeconds(6100)),
                () -> Map.of("n1", new DeviceLabels.Label("weather-07", "enrolled")));

        String page = get("/").body();

        assertThat(page)
                .contains("<th>name</th><th>place</th>")
                .contains("<th>software</th><th>profile</th>")
                .contains("<td class=\"name\">weather-07</td><td class=\"place\">Well 3 &lt;north&gt; field</td>")
                .contains("<td class=\"software\">0.9.0</td><td class=\"profile\">3f9c0a1b2c4d well-3.yaml</td>")
                .doesNotContain("<north>");
        // A device that sent none shows dashes.
        assertThat(page).contains("<td class=\"software\">–</td><td class=\"profile\">–</td>");
        // The exports keep them as string readings.
        assertThat(get("/export.csv?range=24h&device=n1").body()).contains("0.9.0");
    }

    @BeforeEach
    void start() throws Exception {
        store = SqliteReadingStore.open(dir.resolve("collector.db"));
        fill(store);
        dashboard = Dashboard.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                store,
                InstantSource.fixed(T0.plusSeconds(6100)));
    }

    @AfterEach
    void stop() {
        dashboard.close();
        store.close();
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + dashboard.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void page_listsDevicesWithStateAndDrawsAChartPerSeries() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(page.body())
                .contains("<tr class=\"device\" data-device=\"n1\">")
                .contains("<td class=\"state active\">active</td><td>2026-03-01T13:40:00Z</td>")
                .contains("data-series=\"env0/temperature\" data-points=\"20\"")
                .contains("data-series=\"env0/humidity\" data-points=\"20\"")
                .contains("env0/temperature [Cel]: latest 22.75 at 2026-03-01T13:35:00Z")
                .containsPattern("<polyline class=\"line\" points=\"[0-9.]+,[0-9.]+ ")
                .doesNotContain("<script");
    }

    /** Booleans as a step chart with the true state shaded; strings and data in a table of latest values. */
    @Test
    void page_drawsBooleansAsStepCharts_andStringsAsALatestValueTable() throws Exception {
        List<StoredReading> pump = new ArrayList<>();
        boolean[] states = {false, true, true, false, true};
        for (int i = 0; i < states.length; i++) {
            pump.add(new StoredReading(
                    "pump",
                    "tank/float",
                    "",
                    T0.plusSeconds(60L * i),
                    i,
                    new SenmlValue.Flag(states[i]),
                    null,
                    SenmlTimeQuality.SYNCED));
        }
        pump.add(new StoredReading(
                "pump", "pump/state", "", T0, 10, new SenmlValue.Text("idle"), null, SenmlTimeQuality.SYNCED));
        pump.add(new StoredReading(
                "pump",
                "pump/state",
                "",
                T0.plusSeconds(240),
                11,
                new SenmlValue.Text(HOSTILE),
                null,
                SenmlTimeQuality.RECEIPT));
        store.storeNew("pump", T0.plusSeconds(300), pump);

        String body = get("/").body();

        assertThat(body)
                .contains("data-kind=\"step\" data-series=\"tank/float\" data-points=\"5\" data-latest=\"true\"")
                .contains("tank/float: latest true at 2026-03-01T12:04:00Z")
                .containsPattern("<path class=\"line\" d=\"M[0-9.]+,[0-9.]+ L")
                .contains("<rect class=\"band\"")
                .contains("<table class=\"latest-values\">")
                .contains("<tr data-series=\"pump/state\"><td>pump/state</td><td class=\"value\">"
                        + "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;</td><td>2026-03-01T12:04:00Z</td></tr>")
                .doesNotContain("data-series=\"pump/state\" data-points")
                .doesNotContain("<img src=x");
    }

    /**
     * Issue 20: a device is flagged silent once quiet longer than the report interval it sent (plus a minute), not
     * after the fixed 15 minutes: an hourly node heard 30 minutes ago is fine, one heard 62 minutes ago is not.
     */
    @Test
    void page_flagsADeviceSilentLongerThanItsReportInterval() throws Exception {
        store.storeNew(
                "hourly",
                T0.plusSeconds(4300),
                List.of(new StoredReading("hourly", "health/report_interval", 3600, "s", T0.plusSeconds(4300), 0)));
        store.storeNew(
                "late",
                T0.plusSeconds(2380),
                List.of(new StoredReading("late", "health/report_interval", 3600, "s", T0.plusSeconds(2380), 0)));

        String body = get("/").body();

        assertThat(body)
                .contains("<tr class=\"device\" data-device=\"hourly\"><td><a href=\"#d1\">hourly</a></td>"
                        + "<td class=\"name\">–</td><td class=\"place\">–</td>"
                        + "<td class=\"state active\">active</td>")
                .contains("<td class=\"state silent\">silent for 62m, reports every 1h</td>");
        assertThat(get("/api/devices").body())
                .contains("{\"device\":\"hourly\",\"state\":\"active\"")
                .contains("{\"device\":\"late\",\"state\":\"silent\"");
    }

    /**
     * Issue 15 item 8: device names and enrolment next to node ids, a 24 h / 7 days / 30 days range with labelled
     * axes and gridlines, a CSV of what is shown, a page that fits a phone.
     */
    @Test
    void page_namesDevices_offersRanges_labelsItsAxes_andLinksTheCsvOfWhatItShows() throws Exception {
        dashboard.close();
        dashboard = Dashboard.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                store,
                InstantSource.fixed(T0.plusSeconds(6100)),
                () -> Map.of("n1", new DeviceLabels.Label("weather-07", "enrolled")));

        String day = get("/").body();

        assertThat(day)
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<tr class=\"device\" data-device=\"n1\"><td><a href=\"#d1\">n1</a></td>"
                        + "<td class=\"name\">weather-07</td>")
                .contains("<td class=\"enrolment\">enrolled</td>")
                .contains("<h2>weather-07 · n1</h2>")
                .contains("<nav id=\"ranges\"><strong>24 h</strong><a href=\"/?range=7d\">7 days</a>"
                        + "<a href=\"/?range=30d\">30 days</a>")
                .contains("<a id=\"csv\" href=\"/export.csv?range=24h\" download>CSV of the last 24 h</a>")
                .contains("<a class=\"csv\" href=\"/export.csv?device=n1&amp;range=24h\" download>")
                .contains(">time (UTC)</text>")
                .contains("rotate(-90)\" text-anchor=\"middle\">Cel</text>")
                .contains("<line class=\"grid\"")
                // 3-hourly time ticks over the day before 13:41:40 UTC: 15:00 the day before ... 12:00
                .contains(">15:00</text>")
                .contains(">12:00</text>")
                // value ticks at round steps around 18..22.75 Cel
                .contains(">18</text>")
                .contains(">23</text>");

        String month = get("/?range=30d").body();
        assertThat(month)
                .contains("<strong>30 days</strong>")
                .contains(">02-06</text>")
                .contains("reading(s) in the last 30 days");

        HttpResponse<String> csv = get("/export.csv?range=24h&device=n1");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"fieldnode-24h-device.csv\"");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.get(0)).isEqualTo("time,device,env0/humidity [%RH],env0/temperature [Cel]");
        assertThat(rows).hasSize(21);
        assertThat(get("/export.csv?range=24h").body().lines()).hasSizeGreaterThan(21);
    }

    @Test
    void page_escapesADeviceNameSeriesAndUnitFromANode() throws Exception {
        String body = get("/").body();

        assertThat(body)
                .contains("data-device=\"&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;\"")
                .contains("<h2>&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;</h2>")
                .contains("&lt;b&gt;x&lt;/b&gt; [&lt;i&gt;u&lt;/i&gt;]")
                .doesNotContain("<img")
                .doesNotContain("<b>x")
                .doesNotContain("<i>u");
    }

    @Test
    void api_givesDevicesAndRecentReadingsAsJson() throws Exception {
        assertThat(get("/api/devices").body())
                .contains("{\"device\":\"\\u003cimg src=x onerror=alert(1)\\u003e\\u0026\\\"'\",\"state\":\"silent\"")
                .contains("{\"device\":\"n1\",\"state\":\"active\",\"last_seen\":\"2026-03-01T13:40:00Z\"}");
        String recent = get("/api/recent?device=n1&name=" + URLEncoder.encode("env0/humidity", StandardCharsets.UTF_8)
                        + "&unit=" + URLEncoder.encode("%RH", StandardCharsets.UTF_8))
                .body();
        assertThat(recent).startsWith("[{\"t\":1772366400,\"v\":60,\"seq\":1},{\"t\":1772366700,\"v\":59,\"seq\":3}");
        assertThat(get("/api/recent?device=n1").statusCode()).isEqualTo(400);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAndForeignHosts_areRefused() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + dashboard.address().getPort() + "/");
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        // DNS rebinding: a page from elsewhere that resolves its own name to 127.0.0.1.
        assertThat(rawStatusLine("GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 421 "); // Misdirected Request (RFC 9110 §15.5.20)
    }

    @Test
    void nonLoopbackAddress_isRefused() {
        assertThatThrownBy(() -> Dashboard.start(new InetSocketAddress("0.0.0.0", 0), store, InstantSource.system()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback address only");
    }

    private String rawStatusLine(String request) throws Exception {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), dashboard.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }
}
