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
import java.util.stream.Stream;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.runtime.cli.Main;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.ProvisioningBundle;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fieldnode collector enrolment issue --count N}, {@code collector revoke} and the enrolment column of
 * {@code collector devices}, in process through the launcher's command tree, on real files.
 */
class EnrolmentCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int issue(Path bundles, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "collector",
                "enrolment",
                "issue",
                "--out",
                bundles.toString(),
                "--collector",
                "coaps://collector.example:5684",
                "--data-dir",
                dir.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void issueCount_writesOnePrivateBundlePerDevice_withDistinctCredentials() throws Exception {
        Path bundles = dir.resolve("sd-cards");

        int code = issue(bundles, "--count", "3", "--prefix", "weather");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines().toList())
                .hasSize(4)
                .satisfies(lines -> assertThat(lines.get(0))
                        .matches("enrolment: issued device=weather-001 psk_identity=enrol-[0-9a-f]{16} out=\\S+"
                                + "weather-001.txt"))
                .satisfies(lines -> assertThat(lines.get(3))
                        .matches("enrolment: issued count=3 ca=sha256:[0-9a-f]{64}"
                                + " collector=coaps://collector.example:5684 out=\\S+sd-cards"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundles)))
                .isEqualTo("rwx------");
        List<Path> files;
        try (Stream<Path> list = Files.list(bundles)) {
            files = list.sorted().toList();
        }
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("weather-001.txt", "weather-002.txt", "weather-003.txt");
        java.util.Set<String> identities = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            ProvisioningBundle bundle = BundleFormat.parse("b", Files.readAllBytes(file));
            assertThat(bundle.settings().nodeName()).contains("weather-00" + (i + 1));
            assertThat(bundle.enrolmentCredential()).isPresent();
            identities.add(bundle.settings().pskIdentity());
        }
        assertThat(identities).hasSize(3);
        try (EnrolmentRegistry registry =
                SqliteEnrolmentRecords.openRegistry(dir, CollectorCa.openOrCreate(dir, Instant.now()))) {
            assertThat(registry.credentials())
                    .extracting(EnrolmentRegistry.Credential::state)
                    .containsExactly("unused", "unused", "unused");
        }
    }

    @Test
    void issueCount_mistakesAreOneLineExit2_andWriteNothing() throws Exception {
        Path bundles = dir.resolve("b");
        assertThat(issue(bundles, "--count", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("fieldnode collector enrolment issue: --count must be 1..10000, got 0\n");
        assertThat(issue(bundles, "--count", "2", "--prefix", "bad name")).isEqualTo(2);
        assertThat(err.toString()).contains("--prefix must be").hasLineCount(1);
        assertThat(bundles).doesNotExist();
        assertThat(dir.resolve(SqliteEnrolmentRecords.FILE_NAME)).doesNotExist();

        Files.createDirectory(bundles);
        Files.writeString(bundles.resolve("node-002.txt"), "mine");
        assertThat(issue(bundles, "--count", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("node-002.txt already exists").hasLineCount(1);
        try (Stream<Path> list = Files.list(bundles)) {
            assertThat(list).hasSize(1);
        }
        assertThat(Files.readString(bundles.resolve("node-002.txt"))).isEqualTo("mine");

        assertThat(run("collector", "enrolment", "issue", "--help")).isZero();
        assertThat(out.toString()).contains("--count", "--prefix", "--collector");
        assertThat(run("collector", "enrolment", "--help")).isZero();
        assertThat(run("collector", "revoke", "--help")).isZero();
    }

    @Test
    void revokeAndDevices_showIssuedEnrolledAndRevokedBesideTheData() throws Exception {
        assertThat(issue(dir.resolve("b"), "--count", "3", "--prefix", "soil")).isZero();
        // soil-001 enrols and reports: its node id is the CN of its certificate, the id its readings carry.
        NodeId node = NodeId.random();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (EnrolmentRegistry registry =
                SqliteEnrolmentRecords.openRegistry(dir, CollectorCa.openOrCreate(dir, now))) {
            ProvisioningBundle bundle =
                    BundleFormat.parse("b", Files.readAllBytes(dir.resolve("b").resolve("soil-001.txt")));
            CollectorCa ca = CollectorCa.openOrCreate(dir, now);
            assertThat(registry.completeEnrolment(
                            bundle.settings().pskIdentity(),
                            node,
                            ca.issueNode(NodeKeys.generate().getPublic(), node, now),
                            now))
                    .isTrue();
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.storeNew(
                    node.value(), now, List.of(new StoredReading(node.value(), "soil0/moisture", 31, "%", now, 1)));
        }

        assertThat(run("collector", "revoke", "soil-003", "--data-dir", dir.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).isEqualTo("enrol: revoked device=soil-003 count=1\n");

        assertThat(run("collector", "devices", "--data-dir", dir.toString(), "--format", "kv"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString().lines().toList())
                .containsExactly(
                        "device=" + node.value() + " state=active last_seen=" + now + " queue=- battery=- dropped=-"
                                + " enrolment=enrolled bundle=soil-001",
                        "device=soil-002 state=- last_seen=- queue=- battery=- dropped=- enrolment=issued"
                                + " bundle=soil-002",
                        "device=soil-003 state=- last_seen=- queue=- battery=- dropped=- enrolment=revoked"
                                + " bundle=soil-003",
                        "enrolment: issued=1 enrolled=1 revoked=1",
                        "devices: count=1 active=1 silent=0");

        assertThat(run("collector", "revoke", node.value(), "--data-dir", dir.toString()))
                .isZero();
        assertThat(run("collector", "devices", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString().lines().toList())
                .first()
                .asString()
                .matches("DEVICE +STATE +LAST SEEN \\(UTC\\) +QUEUE +BATTERY +DROPPED +ENROLMENT +BUNDLE");
        assertThat(out.toString())
                .containsPattern(node.value() + " +active .* revoked +soil-001\n")
                .contains("enrolment: issued=1 enrolled=0 revoked=2\n");

        assertThat(run("collector", "revoke", "nobody", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector revoke: no device or node 'nobody' was ever issued a bundle here;"
                        + " nothing revoked\n");
    }

    @Test
    void devices_beforeAnyReport_listsTheIssuedBundles() {
        assertThat(issue(dir.resolve("b"), "--count", "2")).isZero();

        assertThat(run("collector", "devices", "--data-dir", dir.toString(), "--format", "kv"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("device=node-001 state=- ", "enrolment=issued bundle=node-002")
                .endsWith("enrolment: issued=2 enrolled=0 revoked=0\ndevices: count=0 active=0 silent=0\n");
    }
}
