// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installed node links its status file into the RuntimeDirectory; writes land there and the link stays. */
class StatusFileLinkTest {
    @Test
    void write_followsTheLink_intoTheRuntimeDirectory(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("var/lib/fieldnode"));
        Path run = Files.createDirectories(tmp.resolve("run/fieldnode"));
        Files.createSymbolicLink(data.resolve(StatusFile.NAME), run.resolve(StatusFile.NAME));

        StatusFile.write(data, Map.of("state", "OK"));

        assertThat(Files.isSymbolicLink(data.resolve(StatusFile.NAME))).isTrue();
        assertThat(Files.readString(run.resolve(StatusFile.NAME))).isEqualTo("state=OK\n");
        assertThat(StatusFile.read(data)).contains(Map.of("state", "OK"));
        try (var files = Files.list(data)) {
            assertThat(files).containsExactly(data.resolve(StatusFile.NAME));
        }
    }
}
