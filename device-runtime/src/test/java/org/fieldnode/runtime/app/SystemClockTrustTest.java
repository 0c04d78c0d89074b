// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemClockTrustTest {
    @TempDir
    Path root;

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void timesyncdFlagFile_makesTheClockTrusted_andItStaysTrusted() throws Exception {
        Files.createDirectories(root.resolve("run/systemd/system"));
        SystemClockTrust trust = new SystemClockTrust(root, nanos::get);
        Path flag = root.resolve("run/systemd/timesync/synchronized");

        assertThat(trust.trusted()).isFalse(); // a systemd host, not synchronised (timedatectl is not reachable here)
        Files.createDirectories(flag.getParent());
        Files.createFile(flag);
        assertThat(trust.trusted()).as("re-checked only after a minute").isFalse();
        nanos.addAndGet(61_000_000_000L);
        assertThat(trust.trusted()).isTrue();
        Files.delete(flag);
        assertThat(trust.trusted()).isTrue();
    }

    @Test
    void hostWithoutSystemd_isTrusted() {
        assertThat(new SystemClockTrust(root, nanos::get).trusted()).isTrue();
    }
}
