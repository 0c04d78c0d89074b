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
        byte[] db = Files.readAllBytes(dir.resolve(EnrolmentRegistry.FILE_NAME));
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(hex)
                .doesNotContain(new String(
                        java.util.HexFormat.of().parseHex(hex), java.nio.charset.StandardCharsets.ISO_8859_1));

        out.getBuffer().setLength(0);
        assertThat(run("collector", "enrol", "revoke", "weather-07", "--data-dir", dir.toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo("enrol: revoked device=weather-07 count=1\n");
        try (EnrolmentRegistry registry =
                EnrolmentRegistry.open(dir, CollectorCa.openOrCreate(dir, java.time.Instant.now()))) {
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
}
