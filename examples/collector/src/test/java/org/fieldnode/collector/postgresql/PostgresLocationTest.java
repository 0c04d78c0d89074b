// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a store URL and its credentials are read (no server needed): secrets never echoed, TLS by default off-box. */
class PostgresLocationTest {
    @TempDir
    Path dir;

    @Test
    void aPasswordPutInTheUrl_isRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> PostgresLocation.of(
                        "postgresql://fieldnode:s3cret-Pa55@db.example/collector", Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never the URL")
                .hasMessageNotContaining("s3cret-Pa55")
                .hasMessageContaining("postgresql://***@db.example/collector");
    }

    @Test
    void aRemoteServer_isReachedOverVerifiedTls_aLocalOneAsPgJdbcWould() throws Exception {
        Path file = credentials("user=fieldnode\npassword=pw\n");
        PostgresLocation remote = PostgresLocation.of("postgresql://db.example/collector", Optional.of(file), Map.of());
        assertThat(remote.sslMode()).isEqualTo("verify-full");
        assertThat(remote.sslRootCert()).isEmpty();
        PostgresLocation local = PostgresLocation.of("postgresql://127.0.0.1/collector", Optional.of(file), Map.of());
        assertThat(local.sslMode()).isEqualTo("prefer");
    }

    @Test
    void theCredentialsFile_namesTheCaAndMayChooseAnotherMode_knowingly() throws Exception {
        Path file =
                credentials("user=fieldnode\npassword=pw\nsslmode=verify-ca\nsslrootcert=/etc/fieldnode/db-ca.crt\n");
        PostgresLocation location =
                PostgresLocation.of("postgresql://db.example:5433/collector", Optional.of(file), Map.of());
        assertThat(location.sslMode()).isEqualTo("verify-ca");
        assertThat(location.sslRootCert()).contains(Path.of("/etc/fieldnode/db-ca.crt"));
        assertThat(location.toString()).doesNotContain("pw");

        Path typo = credentials("user=fieldnode\nsslmode=verify_full\n");
        assertThatThrownBy(() -> PostgresLocation.of("postgresql://db.example/collector", Optional.of(typo), Map.of()))
                .hasMessageContaining("sslmode verify_full")
                .hasMessageContaining("verify-full");
    }

    private Path credentials(String content) throws Exception {
        Path file = Files.createTempFile(dir, "credentials", "");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
