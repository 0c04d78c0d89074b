// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.collector.ConfigReport;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code fieldnode collector config set|show} through the whole command tree, on a real SQLite file. */
class ConfigCliTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void seen() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.storeNew("n1", T0, List.of(new StoredReading("n1", "env0/temperature", 21.5, "Cel", T0, 1)));
        }
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = CollectorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void set_thenShow_thenTheNodesAnswer_isShown() throws Exception {
        String data = dir.toString();
        assertThat(run("collector", "config", "show", "--data-dir", data, "n1")).isZero();
        assertThat(out.toString())
                .isEqualTo("config: device=n1 state=none desired_version=- applied_version=- rejected_version=-"
                        + " reason=-\n");

        assertThat(run(
                        "collector",
                        "config",
                        "set",
                        "--data-dir",
                        data,
                        "n1",
                        "interval.env0=300s",
                        "deadband.env0.temperature=0.10",
                        "queue.fsync=interval:30s"))
                .isZero();
        assertThat(out.toString()).isEqualTo("config: device=n1 version=1 entries=3\n");
        assertThat(run("collector", "config", "set", "--data-dir", data, "n1", "queue.fsync="))
                .isZero();
        assertThat(out.toString()).isEqualTo("config: device=n1 version=2 entries=2\n");
        // SECURITY R29: each change is a security event in the data directory's event file
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("security-events.log")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("node=n1 code=FN-SEC-4004 event=config_changed severity=info"))
                .last()
                .asString()
                .contains("detail=\"desired configuration version 2: queue.fsync=\"");

        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.desiredConfigs()
                    .exchange(
                            "n1",
                            new ConfigReport(
                                    1, OptionalLong.of(2), Optional.of("deadband.env0.temperature: \"too\" small")),
                            T0);
        }
        assertThat(run("collector", "config", "show", "--data-dir", data, "n1")).isZero();
        assertThat(out.toString())
                .isEqualTo("deadband.env0.temperature=0.1\n" + "interval.env0=5m\n"
                        + "config: device=n1 state=rejected desired_version=2 applied_version=1 rejected_version=2"
                        + " reason=\"deadband.env0.temperature: \\\"too\\\" small\"\n");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "n1 interval.env0=0s | fieldnode collector config set: interval.env0: 0s is outside 1s..1d",
                "n1 colour=blue | fieldnode collector config set: unknown key 'colour'",
                "n1 interval.env0 | fieldnode collector config set: expected key=value, got 'interval.env0'",
                "n9 interval.env0=5m | fieldnode collector config set: unknown device 'n9': never seen, not enrolled and not in"
            })
    void badInput_exits2WithOneLine_andChangesNothing(String args, String message) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(List.of("collector", "config", "set", "--data-dir", dir.toString()));
        command.addAll(List.of(args.split(" ")));

        int code = run(command.toArray(String[]::new));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith(message).hasLineCount(1);
        assertThat(out.toString()).isEmpty();
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(dir.resolve("collector.db"))) {
            assertThat(store.desiredConfigs().status("n1")).isEmpty();
        }
    }

    @Test
    void withoutAStore_exits2_andCreatesNothing() {
        Path empty = dir.resolve("empty");

        assertThat(run("collector", "config", "show", "--data-dir", empty.toString(), "n1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no collector store here").hasLineCount(1);
        assertThat(Files.exists(empty)).isFalse();
    }

    @Test
    void everyConfigSubcommand_hasHelp() {
        for (String sub : List.of("set", "show")) {
            assertThat(run("collector", "config", sub, "--help")).isZero();
            assertThat(out.toString()).contains("Usage: fieldnode collector config " + sub);
        }
    }
}
