// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.fieldnode.collector.HealthNames;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code fieldnode collector ...} as the launcher runs it (the whole command tree, found through ServiceLoader),
 * in process, on a real SQLite file: outputs, exit codes, and one-line errors that change nothing.
 */
class CollectorCliTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:10:00Z");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void fill() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.storeNew(
                    "n1",
                    RECEIVED,
                    List.of(
                            new StoredReading("n1", "env0/temperature", 21.5, "Cel", T0, 1),
                            new StoredReading("n1", "env0/humidity", 40.25, "%RH", T0, 2),
                            new StoredReading("n1", HealthNames.QUEUED, 4, "", T0, 3),
                            new StoredReading("n1", HealthNames.BATTERY, 3.7, "V", T0, 4)));
            store.storeNew("n2", RECEIVED, List.of(new StoredReading("n2", "soil0/moisture", 31, "%", T0, 1)));
        }
    }

    private int run(String... args) {
        CommandLine cli = CollectorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void export_csv_writesTheSpreadsheetAndASummaryOnStderr() {
        int code = run("collector", "export", "--data-dir", dir.toString(), "--format", "csv", "--device", "n1");

        assertThat(code).isZero();
        assertThat(out.toString())
                .isEqualTo("time,device,env0/humidity [%RH],env0/temperature [Cel],health/battery [V],health/queued\r\n"
                        + "2026-03-01T12:00:00Z,n1,40.25,21.5,3.7,4\r\n");
        assertThat(err.toString()).isEqualTo("export: readings=4 format=csv\n");
    }

    @Test
    void export_json_withTimeRange_writesTheSenmlPack() {
        int code = run(
                "collector",
                "export",
                "--data-dir",
                dir.toString(),
                "--format",
                "json",
                "--device",
                "n2",
                "--since",
                "2026-03-01",
                "--until",
                "2026-03-01T13:00:01+01:00"); // 12:00:01Z, exclusive

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("""
                        [
                        {"bn":"urn:dev:ops:n2:","n":"soil0/moisture","u":"%","v":31,"t":1772366400,"seq":1}
                        ]
                        """);
    }

    @Test
    void devices_table_showsHealthAndSilence() {
        int code = run("collector", "devices", "--data-dir", dir.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("""
                        DEVICE  STATE   LAST SEEN (UTC)       QUEUE  BATTERY  DROPPED
                        n1      silent  2026-03-01T12:10:00Z  4      3.7 V    -
                        n2      silent  2026-03-01T12:10:00Z  -      -        -
                        devices: count=2 active=0 silent=2
                        """);
    }

    @Test
    void devices_kv_givesOneLinePerDevice() {
        int code = run("collector", "devices", "--data-dir", dir.toString(), "--format", "kv");

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("""
                        device=n1 state=silent last_seen=2026-03-01T12:10:00Z queue=4 battery=3.7V dropped=-
                        device=n2 state=silent last_seen=2026-03-01T12:10:00Z queue=- battery=- dropped=-
                        devices: count=2 active=0 silent=2
                        """);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "export --format csv --since yesterday|fieldnode collector export: --since expects an ISO 8601 time"
                        + " with a zone, e.g. 2026-03-01T12:00:00Z, or a date, e.g. 2026-03-01 (UTC), got 'yesterday'",
                "export --format csv --until 2026-13-01|fieldnode collector export: --until expects an ISO 8601 time"
                        + " with a zone, e.g. 2026-03-01T12:00:00Z, or a date, e.g. 2026-03-01 (UTC), got '2026-13-01'",
                "export --format xml|fieldnode collector export: --format expects csv or json, got 'xml'",
                "export|fieldnode collector export: --format expects csv or json",
                "export --format csv --since 2026-03-02 --until 2026-03-01|fieldnode collector export: --since"
                        + " 2026-03-02 is not before --until 2026-03-01",
                "devices --format yaml|fieldnode collector devices: --format expects table or kv, got 'yaml'",
                "serve --bind localhost|fieldnode collector serve: --bind expects ADDRESS:PORT, e.g. 127.0.0.1:8080"
                        + " or [::1]:8080, got 'localhost'",
                "serve --bind 127.0.0.1:70000|fieldnode collector serve: --bind: port must be 0..65535, got 70000",
                "serve --http 0.0.0.0:8080|fieldnode collector serve: --http must be a loopback address (the page has"
                        + " no log-in), e.g. 127.0.0.1:8080, got 0.0.0.0:8080",
                "serve --keep-days -1|fieldnode collector serve: --keep-days expects 0 (keep forever) to 36500, got -1",
            })
    void malformedInput_exits2WithOneLineAndChangesNothing(String args, String message) throws Exception {
        long before = Files.size(dir.resolve("collector.db"));
        List<String> argv = new java.util.ArrayList<>(List.of("collector"));
        argv.addAll(List.of(args.split(" ")));
        argv.addAll(List.of("--data-dir", dir.toString()));

        int code = run(argv.toArray(String[]::new));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(message + "\n");
        assertThat(out.toString()).isEmpty();
        assertThat(Files.size(dir.resolve("collector.db"))).isEqualTo(before);
    }

    @Test
    void exportOrDevices_withoutAStore_exit2AndCreateNothing() {
        Path empty = dir.resolve("nothing-here");

        assertThat(run("collector", "devices", "--data-dir", empty.toString())).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector devices: " + empty.resolve("collector.db")
                        + ": no collector store here; start one with: fieldnode collector serve --data-dir " + empty
                        + "\n");
        assertThat(empty).doesNotExist();
    }

    @Test
    void serve_withAPskDirectoryOthersCanRead_exits2NamingTheFixAndCreatesNoStore() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path psk = data.resolve("psk-directory");
        Files.writeString(psk, "n1=" + "ab".repeat(16) + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-r--r--"));

        int code = run("collector", "serve", "--data-dir", data.toString(), "--bind", "127.0.0.1:0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector serve: " + psk + ": other users can read these keys; run: chmod 600 "
                        + psk + "\n");
        assertThat(data.resolve("collector.db")).doesNotExist();
    }

    @Test
    void serve_withABadKeyLine_namesTheLineButNeverTheKey() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path psk = data.resolve("psk-directory");
        String shortKey = "c0ffee".repeat(2);
        Files.writeString(psk, "# nodes\nn1=" + "ab".repeat(16) + "\nn2=" + shortKey + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));

        int code = run("collector", "serve", "--data-dir", data.toString(), "--bind", "127.0.0.1:0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector serve: " + psk + ":3: PSK secret must be 16..64 bytes, got 6\n")
                .doesNotContain(shortKey);
    }

    /**
     * SECURITY R8: a PSK directory line naming an enrolled node's id (or an enrolment credential's prefix) stops
     * serve with the file and line: a PSK node may not report under a certificate node's name.
     */
    @Test
    void serve_withAPskLineNamingAnEnrolledNodeId_exits2WithFileAndLine() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        org.fieldnode.security.identity.NodeId enrolled = org.fieldnode.security.identity.NodeId.random();
        java.time.Instant now = java.time.Instant.now();
        org.fieldnode.collector.ca.CollectorCa ca = org.fieldnode.collector.ca.CollectorCa.openOrCreate(data, now);
        try (org.fieldnode.collector.ca.EnrolmentRegistry registry =
                org.fieldnode.collector.sqlite.SqliteEnrolmentRecords.openRegistry(data, ca)) {
            String identity = registry.issueCredential("weather-07", now, now.plusSeconds(3600))
                    .identity();
            registry.completeEnrolment(
                    identity,
                    enrolled,
                    ca.issueNode(
                            org.fieldnode.security.identity.NodeKeys.generate().getPublic(), enrolled, now),
                    now);
        }
        Path psk = data.resolve("psk-directory");
        String key = "ab".repeat(16);
        Files.writeString(psk, "# nodes\nn1=" + key + "\n" + enrolled + "=" + key + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));

        int code = run("collector", "serve", "--data-dir", data.toString(), "--bind", "127.0.0.1:0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector serve: " + psk + ":3: identity '" + enrolled + "' is held by an"
                        + " enrolled node or a provisioning bundle (see: fieldnode collector devices); a PSK node may not"
                        + " report under it; remove the line or use another identity\n")
                .doesNotContain(key);

        err.getBuffer().setLength(0);
        Files.writeString(psk, "enrol-0011223344556677=" + key + "\n");
        assertThat(run("collector", "serve", "--data-dir", data.toString(), "--bind", "127.0.0.1:0"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector serve: " + psk + ":1: identity 'enrol-0011223344556677' starts with"
                        + " 'enrol-', which is kept for enrolment bundles; remove the line or use another identity\n");
    }

    @Test
    void serve_withNoSessionForACredential_isAUsageError() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path psk = data.resolve("psk-directory");
        Files.writeString(psk, "n1=" + "ab".repeat(16) + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));

        int code = run(
                "collector",
                "serve",
                "--data-dir",
                data.toString(),
                "--bind",
                "127.0.0.1:0",
                "--sessions-per-credential",
                "0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector serve: --sessions-per-credential expects 1 to 100, got 0\n");
    }

    @Test
    void everySubcommand_hasHelp() {
        for (String sub : List.of("serve", "export", "devices")) {
            out.getBuffer().setLength(0);
            assertThat(run("collector", sub, "--help")).isZero();
            assertThat(out.toString()).startsWith("Usage: fieldnode collector " + sub);
        }
    }

    /** {@code collector help COMMAND} and {@code help collector COMMAND} print what {@code --help} prints. */
    @Test
    void help_isTheHelpOptionAsACommand() {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("serve"), List.of("enrolment", "issue"))) {
            out.getBuffer().setLength(0);
            List<String> withOption = new java.util.ArrayList<>(List.of("collector"));
            withOption.addAll(command);
            withOption.add("--help");
            assertThat(run(withOption.toArray(String[]::new))).isZero();
            String expected = out.toString();
            for (List<String> prefix : List.of(List.of("collector", "help"), List.of("help", "collector"))) {
                out.getBuffer().setLength(0);
                List<String> asCommand = new java.util.ArrayList<>(prefix);
                asCommand.addAll(command);

                assertThat(run(asCommand.toArray(String[]::new)))
                        .as("%s", asCommand)
                        .isZero();
                assertThat(out.toString()).as("%s", asCommand).isEqualTo(expected);
            }
        }
    }
}
