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
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.ProvisioningBundle;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fieldnode collector enrolment issue DEVICE|--count N} and {@code enrolment revoke}, and the enrolment column
 * of {@code collector devices}, in process through the launcher's command tree, on real files: outputs, modes, exit
 * codes.
 */
class EnrolmentCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = CollectorMain.commandLine();
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
        assertThat(run("collector", "enrolment", "revoke", "--help")).isZero();
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

        assertThat(run("collector", "enrolment", "revoke", "soil-003", "--data-dir", dir.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).isEqualTo("enrolment: revoked device=soil-003 count=1\n");

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

        assertThat(run("collector", "enrolment", "revoke", node.value(), "--data-dir", dir.toString()))
                .isZero();
        assertThat(run("collector", "devices", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString().lines().toList())
                .first()
                .asString()
                .matches("DEVICE +STATE +LAST SEEN \\(UTC\\) +QUEUE +BATTERY +DROPPED +ENROLMENT +BUNDLE");
        assertThat(out.toString())
                .containsPattern(node.value() + " +active .* revoked +soil-001\n")
                .contains("enrolment: issued=1 enrolled=0 revoked=2\n");

        assertThat(run("collector", "enrolment", "revoke", "nobody", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(
                        "fieldnode collector enrolment revoke: no device or node 'nobody' was ever issued a bundle here;"
                                + " nothing revoked\n");
    }

    /** Issue 14, one word per job: {@code enrolment} is the only command, and revoke is reachable one way. */
    @Test
    void enrolmentIsTheOneCommand_andRevokeIsReachableOneWay() throws Exception {
        assertThat(run(
                        "collector",
                        "enrol",
                        "issue",
                        "x",
                        "--out",
                        dir.resolve("x.txt").toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .startsWith("fieldnode collector: Unmatched arguments from index 1: 'enrol', 'issue'")
                .contains("Did you mean: collector enrolment?");
        assertThat(run("collector", "revoke", "x")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector: Unmatched arguments from index 1: 'revoke', 'x'\n"
                        + "Did you mean: fieldnode collector enrolment revoke?\n");
        assertThat(CollectorMain.commandLine()
                        .getSubcommands()
                        .get("collector")
                        .getSubcommands()
                        .keySet())
                .doesNotContain("enrol", "revoke")
                .contains("enrolment");

        Path out = dir.resolve("one.txt");
        assertThat(issue(out, "weather-07", "--count", "2")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector enrolment issue: give DEVICE for one bundle or --count N for several,"
                        + " not both\n");
        assertThat(issue(out)).isEqualTo(2);
        assertThat(err.toString())
                .contains("give DEVICE for one bundle or --count N")
                .hasLineCount(1);
        assertThat(issue(out, "weather-07", "--prefix", "weather")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--prefix names the devices of --count")
                .hasLineCount(1);
        assertThat(out).doesNotExist();
        assertThat(dir.resolve(SqliteEnrolmentRecords.FILE_NAME)).doesNotExist();
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

    @Test
    void issue_writesAPrivateBundleWithTheCaPin_andRevokeStopsTheDevice() throws Exception {
        Path bundle = dir.resolve("weather-07.txt");
        int code = run(
                "collector",
                "enrolment",
                "issue",
                "weather-07",
                "--out",
                bundle.toString(),
                "--collector",
                "coaps://collector.example:5684",
                "--data-dir",
                dir.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .matches("enrolment: issued device=weather-07 psk_identity=enrol-[0-9a-f]{16} ca=sha256:[0-9a-f]{64}"
                        + " collector=coaps://collector.example:5684 not_after=\\S+ out=\\S+\\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)))
                .isEqualTo("rw-------");
        ProvisioningBundle parsed = BundleFormat.parse("b", Files.readAllBytes(bundle));
        assertThat(parsed.enrolmentCredential()).isPresent();
        assertThat(parsed.settings().nodeName()).contains("weather-07");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca/ca.bcfks")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca/wrapping.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // The registry keeps the key sealed: the database file does not hold it.
        String hex = Files.readString(bundle)
                .lines()
                .filter(l -> l.startsWith("psk.key="))
                .findFirst()
                .orElseThrow()
                .substring("psk.key=".length());
        byte[] db = Files.readAllBytes(dir.resolve(SqliteEnrolmentRecords.FILE_NAME));
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(hex)
                .doesNotContain(new String(
                        java.util.HexFormat.of().parseHex(hex), java.nio.charset.StandardCharsets.ISO_8859_1));

        out.getBuffer().setLength(0);
        assertThat(run("collector", "enrolment", "revoke", "weather-07", "--data-dir", dir.toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo("enrolment: revoked device=weather-07 count=1\n");
        // SECURITY R29: the issue and the revocation are security events in the data directory's event file
        assertThat(Files.readString(dir.resolve("security-events.log")))
                .contains("node=weather-07 code=FN-SEC-1042 event=bundle_issued severity=info")
                .contains("node=weather-07 code=FN-SEC-1051 event=revoked severity=warning detail=\"1 node(s) and"
                        + " unused bundle(s) revoked\"")
                .doesNotContain(hex);
        try (EnrolmentRegistry registry =
                SqliteEnrolmentRecords.openRegistry(dir, CollectorCa.openOrCreate(dir, java.time.Instant.now()))) {
            String identity = parsed.settings().pskIdentity();
            assertThat(registry.credential(identity).orElseThrow().state()).isEqualTo("revoked");
            assertThat(registry.credential(identity).orElseThrow().refusalAt(java.time.Instant.now()))
                    .contains("this bundle was revoked: ask for a new one");
        }
    }

    @Test
    void userMistakes_areOneLineExit2_andChangeNothing() throws Exception {
        assertThat(run(
                        "collector",
                        "enrolment",
                        "issue",
                        "bad name!",
                        "--out",
                        dir.resolve("b").toString(),
                        "--collector",
                        "coaps://c:5684",
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("device name must be 1..64").hasLineCount(1);
        assertThat(dir.resolve("b")).doesNotExist();

        err.getBuffer().setLength(0);
        assertThat(run(
                        "collector",
                        "enrolment",
                        "issue",
                        "d",
                        "--out",
                        dir.resolve("c").toString(),
                        "--collector",
                        "coap://c:5683",
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("never uses plain coap").hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run(
                        "collector",
                        "enrolment",
                        "issue",
                        "d",
                        "--out",
                        dir.resolve("d").toString(),
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no collector URI").hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("collector", "enrolment", "revoke", "nobody", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("nothing revoked").hasLineCount(1);

        assertThat(run("collector", "enrolment", "issue", "--help")).isZero();
        assertThat(run("collector", "enrolment", "revoke", "--help")).isZero();
    }

    /** A loopback collector URI is refused unless asked for (a batch of cards pointing at 127.0.0.1). */
    @Test
    void loopbackCollector_isRefusedWithoutAllowLoopback() throws Exception {
        String[] args = {
            "collector",
            "enrolment",
            "issue",
            "lab-01",
            "--out",
            dir.resolve("lab.txt").toString(),
            "--collector",
            "coaps://127.0.0.1:5684",
            "--data-dir",
            dir.toString()
        };
        assertThat(run(args)).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(
                        "fieldnode collector enrolment issue: the collector URI coaps://127.0.0.1:5684 names 127.0.0.1,"
                                + " which nodes in the field cannot reach; give the address nodes use (--collector"
                                + " coaps://HOST:PORT), or --allow-loopback for a test on this machine\n");
        assertThat(dir.resolve("lab.txt")).doesNotExist();

        String[] allowed = java.util.Arrays.copyOf(args, args.length + 3);
        allowed[args.length] = "--allow-loopback";
        allowed[args.length + 1] = "--valid-for";
        allowed[args.length + 2] = "2d";
        assertThat(run(allowed)).as(err.toString()).isZero();
        ProvisioningBundle parsed = BundleFormat.parse("b", Files.readAllBytes(dir.resolve("lab.txt")));
        assertThat(java.time.Duration.between(
                        parsed.settings().issued().orElseThrow(),
                        parsed.settings().notAfter().orElseThrow()))
                .isEqualTo(java.time.Duration.ofDays(2));
    }

    /** SECURITY R8: no bundle for a PSK node's identity listed in the data directory's psk-directory. */
    @Test
    void aPskNodesIdentity_getsNoBundle() throws Exception {
        Path psk = dir.resolve("psk-directory");
        Files.writeString(psk, "fieldnode-0123456789abcdef=" + "ab".repeat(16) + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));

        assertThat(run(
                        "collector",
                        "enrolment",
                        "issue",
                        "fieldnode-0123456789abcdef",
                        "--out",
                        dir.resolve("x.txt").toString(),
                        "--collector",
                        "coaps://collector.example:5684",
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector enrolment issue: no bundle issued: 'fieldnode-0123456789abcdef' is the"
                        + " identity of a PSK node in psk-directory; a bundle for it would let another node report"
                        + " under that name\n");
        assertThat(dir.resolve("x.txt")).doesNotExist();
        assertThat(Files.readString(dir.resolve("security-events.log")))
                .contains("node=fieldnode-0123456789abcdef code=FN-SEC-3002 event=identity_conflict");
    }
}
