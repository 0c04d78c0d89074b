// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A collector URI the reporter cannot use is one sentence and exit 2 before anything starts, never a stack trace. */
class RunCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "coaps://127.0.0.1:5684, no resource path",
        "coap://127.0.0.1:5684/r, readings travel only over DTLS",
        "coaps:///r, no host",
        "coaps://127.0.0.1/r?x=1, no query or fragment"
    })
    void aCollectorUriTheReporterCannotUse_isOneSentence_exit2(String uri, String reason) throws Exception {
        Path profile = dir.resolve("kit.yaml");
        Files.writeString(profile, """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                """);
        Path psk = dir.resolve("node.psk");
        Files.writeString(psk, "identity=fieldnode-0011223344556677\nkey=00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));

        CliRun run = CliRun.of(
                "run",
                "--profile",
                profile.toString(),
                "--psk-file",
                psk.toString(),
                "--collector",
                uri,
                "--data-dir",
                dir.resolve("data").toString(),
                "--duration",
                "1s");

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err.lines())
                .singleElement()
                .asString()
                .startsWith("fieldnode run: the collector must be coaps://HOST[:PORT]/PATH")
                .contains("got '" + uri + "'", reason);
    }
}
