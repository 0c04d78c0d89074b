// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.WrappingKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 4: {@code fieldnode identity show} reads, never writes. Without the right {@code --wrapping-key} it
 * once created one and then advised a factory reset of a valid identity; on a PSK node it said BOOTSTRAP.
 */
class IdentityShowTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyDirectory_createsNoFile_andSaysBootstrap() throws IOException {
        Path data = Files.createDirectory(dir.resolve("node"));
        Path wrapping = dir.resolve("etc/wrapping.key");

        CliRun show =
                CliRun.of("identity", "show", "--data-dir", data.toString(), "--wrapping-key", wrapping.toString());

        assertThat(show.exitCode).isZero();
        assertThat(show.out).contains("state=BOOTSTRAP");
        assertThat(files(dir)).containsExactly(data);
    }

    @Test
    void aKeystoreWithoutItsWrappingKey_namesTheKeyFile_createsNothing_andNeverAdvisesAReset() throws Exception {
        Path data = Files.createDirectory(dir.resolve("node"));
        Path right = dir.resolve("right.key");
        EncryptedKeystore.openOrCreate(data.resolve(EnrolledNode.KEYSTORE), new WrappingKeyFile(right));
        Path missing = dir.resolve("etc/fieldnode/wrapping.key");
        List<Path> before = files(dir);

        CliRun show =
                CliRun.of("identity", "show", "--data-dir", data.toString(), "--wrapping-key", missing.toString());

        assertThat(show.exitCode).isEqualTo(2);
        assertThat(show.out).isEmpty();
        assertThat(show.err)
                .isEqualTo("fieldnode identity show: " + data.resolve(EnrolledNode.KEYSTORE)
                        + " needs its wrapping key, and " + missing + " does not exist; give --wrapping-key FILE, the"
                        + " file the node runs with (run --wrapping-key)\n")
                .doesNotContainIgnoringCase("reset");
        assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    void aWrongWrappingKey_isNamed_andNoResetIsAdvised() throws Exception {
        Path data = Files.createDirectory(dir.resolve("node"));
        EncryptedKeystore.openOrCreate(data.resolve(EnrolledNode.KEYSTORE), new WrappingKeyFile(dir.resolve("a.key")));
        Path other = dir.resolve("b.key");
        new WrappingKeyFile(other).wrappingKey(); // another node's key
        List<Path> before = files(dir);

        CliRun show = CliRun.of("identity", "show", "--data-dir", data.toString(), "--wrapping-key", other.toString());

        assertThat(show.exitCode).isEqualTo(2);
        assertThat(show.err)
                .startsWith("fieldnode identity show: " + data.resolve(EnrolledNode.KEYSTORE)
                        + " does not open with the wrapping key " + other)
                .doesNotContainIgnoringCase("reset")
                .hasLineCount(1);
        assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    void aPskNode_saysPsk_notBootstrap() throws IOException {
        Path data = Files.createDirectory(dir.resolve("node"));
        Files.writeString(data.resolve("node-id"), "fieldnode-3f9c0a1b2c3d4e5f\n");
        Files.writeString(data.resolve(StatusFile.NAME), "node=fieldnode-3f9c0a1b2c3d4e5f\nprocess=stopped\n");

        CliRun show = CliRun.of(
                "identity",
                "show",
                "--data-dir",
                data.toString(),
                "--wrapping-key",
                dir.resolve("none").toString());

        assertThat(show.exitCode).isZero();
        assertThat(show.out)
                .contains("PSK")
                .contains("identity: node=fieldnode-3f9c0a1b2c3d4e5f state=PSK")
                .doesNotContain("BOOTSTRAP");
        assertThat(dir.resolve("none")).doesNotExist();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).sorted().toList();
        }
    }
}
