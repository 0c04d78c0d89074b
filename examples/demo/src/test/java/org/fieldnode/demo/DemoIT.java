// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as `./fieldnode demo` runs it, shortened: enrolment first, then readings from the enrolled node. */
class DemoIT {
    private static final Pattern ENROLMENT = Pattern.compile(
            "enrolment: node=(fieldnode-[0-9a-f]{16}) state=OK certificate=CN=(\\S+) ca=sha256:[0-9a-f]{64}"
                    + " in_ms=\\d+\\n");

    @TempDir
    Path dir;

    @Test
    void demo_enrolsThenPrintsReadingsInSiUnitsAndAConsistentSummary() throws Exception {
        StringWriter text = new StringWriter();

        Demo.Result result =
                new Demo(Demo.PROFILE, SenmlFormat.CBOR, Duration.ofSeconds(5), new PrintWriter(text)).run();

        assertThat(result.consistent()).isTrue();
        assertThat(result.stored()).isPositive();
        assertThat(result.node().sampled()).isEqualTo(result.stored());
        assertThat(result.summary()).matches("demo: sampled=\\d+ sent=\\d+ acknowledged=\\d+ stored=\\d+");
        String output = text.toString();
        Matcher enrolment = ENROLMENT.matcher(output);
        assertThat(enrolment.find()).as(output).isTrue();
        assertThat(enrolment.group(2)).isEqualTo(enrolment.group(1));
        assertThat(output.indexOf("enrolment: ")).isLessThan(output.indexOf("reading "));
        assertThat(output.lines().filter(l -> l.startsWith("enrolment: "))).hasSize(1);
        assertThat(output)
                .containsPattern("reading device=" + enrolment.group(1)
                        + " name=env0/temperature value=-?\\d+\\.\\d+ unit=Cel time=\\S+Z")
                .contains("name=env0/humidity")
                .contains("unit=%RH")
                .contains("name=env0/pressure")
                .contains("unit=Pa");
    }

    @Test
    void demo_withDataDir_keepsTheNodeKeystoreAndTheCollectorCaAndDatabase() throws Exception {
        StringWriter text = new StringWriter();
        Path data = dir.resolve("demo");

        Demo.Result result = new Demo(
                        Demo.PROFILE, SenmlFormat.JSON, Duration.ofSeconds(4), new PrintWriter(text), Optional.of(data))
                .run();

        assertThat(result.consistent()).as(text.toString()).isTrue();
        assertThat(text.toString()).containsPattern(ENROLMENT);
        for (Path file : List.of(
                data.resolve("node/keystore.bcfks"),
                data.resolve("node/wrapping.key"),
                data.resolve("collector/ca/ca.bcfks"))) {
            assertThat(file).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(file.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(data.resolve("collector/enrolment.db")).isRegularFile();
        // The bundle's one-time key was consumed: the file left has no key line.
        assertThat(Files.readString(data.resolve("node/fieldnode-bundle.txt"))).doesNotContain("psk.key=");
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(data.resolve("collector/collector.db"))) {
            assertThat(store.devices()).hasSize(1);
        }

        // Run again on the kept files: the node is still enrolled, and stored counts this run's readings only.
        StringWriter again = new StringWriter();
        Demo.Result second = new Demo(
                        Demo.PROFILE,
                        SenmlFormat.JSON,
                        Duration.ofSeconds(3),
                        new PrintWriter(again),
                        Optional.of(data))
                .run();
        assertThat(second.consistent()).as(again.toString()).isTrue();
        assertThat(again.toString()).containsPattern(ENROLMENT);
    }
}
