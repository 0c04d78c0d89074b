// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fieldnode collector serve} as a real process: it prints its key=value line, takes readings from a real
 * node reporter, shows them on its page, and on SIGTERM closes the store cleanly (no write-ahead log left). A
 * second process on the same data directory keeps every reading once.
 */
class ServeProcessIT {
    private static final String NODE = "fieldnode-77aa";
    /** A minute ago: the page shows the last 24 h. */
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    private static final Pattern LISTENING = Pattern.compile(
            "collector: coaps=127\\.0\\.0\\.1:(\\d+) http=127\\.0\\.0\\.1:(\\d+) data=(\\S+) nodes=1 devices=(\\d+)"
                    + " readings=(\\d+) keep_days=0 ca=sha256:[0-9a-f]{64}");

    @TempDir
    Path dir;

    private Process process;
    private final PskCredential key;

    ServeProcessIT() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        key = new PskCredential(NODE, secret);
    }

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Matcher start() throws Exception {
        ServeProcess serve = ServeProcess.start(dir, LISTENING, "--http", "127.0.0.1:0");
        process = serve.process();
        return serve.listening();
    }

    private int stopWithSigterm() throws Exception {
        process.destroy(); // SIGTERM on Linux
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("serve stops on SIGTERM")
                .isTrue();
        return process.exitValue();
    }

    private static ReportResult report(int port, PskCredential key, Batch batch) throws Exception {
        URI uri = URI.create("coaps://127.0.0.1:" + port + "/r");
        try (CoapReporter reporter =
                new CoapReporter(new CoapReporterSettings(uri, NODE, key, SenmlFormat.CBOR, Duration.ofSeconds(10)))) {
            return reporter.report(batch);
        }
    }

    private static Batch batch(long first) {
        return new Batch(
                first,
                List.of(
                        new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 1, T0),
                        new Reading("env0", Channel.RELATIVE_HUMIDITY, 40.25, 2, T0),
                        new Reading("env0", Channel.PRESSURE, 101_325, 3, T0)));
    }

    @Test
    void serve_storesReadings_showsThem_stopsCleanlyOnSigterm_andARestartStoresNothingTwice() throws Exception {
        Path psk = dir.resolve("psk-directory");
        Files.writeString(psk, NODE + "=" + HexFormat.of().formatHex(key.secret()) + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));

        Matcher first = start();
        assertThat(first.group(3)).isEqualTo(dir.toAbsolutePath().toString());
        assertThat(first.group(5)).isEqualTo("0");
        int coaps = Integer.parseInt(first.group(1));
        assertThat(report(coaps, key, batch(40))).isEqualTo(new ReportResult.Acknowledged(40));
        try (HttpClient http = HttpClient.newHttpClient()) {
            String page = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.group(2) + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(page).contains("data-device=\"" + NODE + "\"").contains("data-points=\"1\"");
        }
        assertThat(stopWithSigterm()).isIn(0, 143); // 143 = 128 + SIGTERM, the JVM's status after its hooks ran
        assertThat(dir.resolve("collector.db-wal"))
                .as("store closed and checkpointed")
                .doesNotExist();
        assertThat(dir.resolve("dtls-state"))
                .as("DTLS connections saved on SIGTERM")
                .isRegularFile();
        assertThat(Files.getPosixFilePermissions(dir.resolve("dtls-state.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Matcher second = start();
        assertThat(dir.resolve("dtls-state"))
                .as("restored at start, then deleted")
                .doesNotExist();
        assertThat(Map.of("devices", second.group(4), "readings", second.group(5)))
                .isEqualTo(Map.of("devices", "1", "readings", "3"));
        int again = Integer.parseInt(second.group(1));
        assertThat(report(again, key, batch(40))).isEqualTo(new ReportResult.Acknowledged(40));
        assertThat(report(again, key, batch(43))).isEqualTo(new ReportResult.Acknowledged(43));
        stopWithSigterm();

        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(dir.resolve("collector.db"))) {
            assertThat(store.all()).extracting(r -> r.sequence()).containsExactly(40L, 41L, 42L, 43L, 44L, 45L);
        }
    }
}
