// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.runtime.cli.Main;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.ProvisioningBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldnode collector enrol issue|revoke} in process on real files: outputs, modes, exit codes. */
class EnrolCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void issue_writesAPrivateBundleWithTheCaPin_andRevokeStopsTheDevice() throws Exception {
        Path bundle = dir.resolve("weather-07.txt");
        int code = run(
                "collector",
                "enrol",
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
                .matches("enrol: issued device=weather-07 psk_identity=enrol-[0-9a-f]{16} ca=sha256:[0-9a-f]{64}"
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
        assertThat(run("collector", "enrol", "revoke", "weather-07", "--data-dir", dir.toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo("enrol: revoked device=weather-07 count=1\n");
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
                        "enrol",
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
                        "enrol",
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
                        "enrol",
                        "issue",
                        "d",
                        "--out",
                        dir.resolve("d").toString(),
                        "--data-dir",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no collector URI").hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("collector", "enrol", "revoke", "nobody", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("nothing revoked").hasLineCount(1);

        assertThat(run("collector", "enrol", "issue", "--help")).isZero();
        assertThat(run("collector", "enrol", "revoke", "--help")).isZero();
    }

    /** A loopback collector URI is refused unless asked for (a batch of cards pointing at 127.0.0.1). */
    @Test
    void loopbackCollector_isRefusedWithoutAllowLoopback() throws Exception {
        String[] args = {
            "collector",
            "enrol",
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
                .isEqualTo("fieldnode collector enrol issue: the collector URI coaps://127.0.0.1:5684 names 127.0.0.1,"
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
                        "enrol",
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
                .isEqualTo("fieldnode collector enrol issue: no bundle issued: 'fieldnode-0123456789abcdef' is the"
                        + " identity of a PSK node in psk-directory; a bundle for it would let another node report"
                        + " under that name\n");
        assertThat(dir.resolve("x.txt")).doesNotExist();
        assertThat(Files.readString(dir.resolve("security-events.log")))
                .contains("node=fieldnode-0123456789abcdef code=FN-SEC-3002 event=identity_conflict");
    }
}
