// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page as a browser sees it: Debian's headless Chromium loads it from the dashboard over loopback (real
 * HTTP, real SQLite file) and dumps the DOM it built. Skipped, saying so, only when no chromium is installed
 * ({@code apt-get install -y --no-install-recommends chromium}).
 */
class DashboardBrowserIT {
    private static final long BROWSER_TIMEOUT_SECONDS = 90;

    @TempDir
    Path dir;

    private SqliteReadingStore store;
    private Dashboard dashboard;

    @BeforeEach
    void start() throws Exception {
        store = SqliteReadingStore.open(dir.resolve("collector.db"));
        DashboardTest.fill(store);
        DashboardTest.fillHealthTexts(store);
        dashboard = Dashboard.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                store,
                InstantSource.fixed(DashboardTest.T0.plusSeconds(6100)),
                () -> java.util.Map.of("n1", new DeviceLabels.Label("weather-07", "enrolled")));
    }

    @AfterEach
    void stop() {
        dashboard.close();
        store.close();
    }

    @Test
    void chromium_seesTheDevicesTheirChartsAndTheHostileNameAsText() throws Exception {
        Path chromium = chromium().orElse(null);
        Assumptions.assumeTrue(
                chromium != null, "chromium is not installed (apt-get install -y chromium): browser test skipped");

        String dom = browse(chromium, "--dump-dom");

        assertThat(dom).contains("<h1>fieldnode collector</h1>").contains("<table id=\"devices\">");
        assertThat(count(dom, "<tr class=\"device\"")).isEqualTo(2);
        assertThat(dom).contains("<tr class=\"device\" data-device=\"n1\">");
        // What the node says about itself, in the screenshots too: place, software, profile (escaped).
        assertThat(dom)
                .contains("<td class=\"place\">Well 3 &lt;north&gt; field</td>")
                .contains("<td class=\"software\">0.9.0</td>")
                .contains("<td class=\"profile\">3f9c0a1b2c4d well-3.yaml</td>");
        // Two charts for n1, one for the hostile device, each an SVG element with its line or point.
        assertThat(count(dom, "<svg class=\"chart\"")).isEqualTo(3);
        Matcher line = Pattern.compile(
                        "<svg class=\"chart\"[^>]*data-series=\"env0/temperature\" data-points=\"20\"[^>]*>.*?"
                                + "<polyline class=\"line\" points=\"([^\"]+)\"",
                        Pattern.DOTALL)
                .matcher(dom);
        assertThat(line.find()).as("the temperature chart's line in the DOM").isTrue();
        assertThat(line.group(1).trim().split(" ")).hasSize(20);
        assertThat(dom).contains("<circle class=\"point\"");
        // The hostile device name is text in the DOM, never an element or an attribute of its own.
        assertThat(dom)
                .contains("&lt;img src=x onerror=alert(1)&gt;&amp;\"'</h2>")
                .doesNotContain("<img")
                .doesNotContain("onerror=\"");

        // A screenshot per view, kept under target/ for a person to look at (issue 15 item 8).
        screenshot(chromium, "/", "1000,1400", "dashboard-24h.png");
        screenshot(chromium, "/?range=7d", "1000,1400", "dashboard-7d.png");
        screenshot(chromium, "/?range=30d", "1000,1400", "dashboard-30d.png");
        screenshot(chromium, "/", "390,844", "dashboard-phone.png");
        // A wide screen shows the whole device table: place, software and profile too.
        screenshot(chromium, "/", "1500,900", "dashboard-wide.png");
    }

    @Test
    void chromium_seesRangesAxesAndTheCsvLink() throws Exception {
        Path chromium = chromium().orElse(null);
        Assumptions.assumeTrue(
                chromium != null, "chromium is not installed (apt-get install -y chromium): browser test skipped");

        String week = browseAt(chromium, "/?range=7d", "--dump-dom");

        assertThat(week)
                .contains("<strong>7 days</strong>")
                .contains("<td class=\"name\">weather-07</td>")
                .contains("<a id=\"csv\" href=\"/export.csv?range=7d\" download=\"\">")
                .contains(">time (UTC)</text>")
                .contains("<line class=\"grid\"");
    }

    private void screenshot(Path chromium, String path, String windowSize, String name) throws Exception {
        Path screenshot = dir.resolve(name);
        browseAt(chromium, path, "--screenshot=" + screenshot, "--window-size=" + windowSize);
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).hasSizeGreaterThan(10_000).startsWith(0x89, 'P', 'N', 'G');
        Files.copy(screenshot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    private String browse(Path chromium, String... action) throws IOException, InterruptedException {
        return browseAt(chromium, "/", action);
    }

    private String browseAt(Path chromium, String path, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add("http://127.0.0.1:" + dashboard.address().getPort() + path);
        Path stdout = dir.resolve("chromium.out");
        Process browser = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("chromium.err").toFile())
                .start();
        if (!browser.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + BROWSER_TIMEOUT_SECONDS + " s");
        }
        assertThat(browser.exitValue())
                .as("chromium exit code; stderr: %s", Files.readString(dir.resolve("chromium.err")))
                .isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static Optional<Path> chromium() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
