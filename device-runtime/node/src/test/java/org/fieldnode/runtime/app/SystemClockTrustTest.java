// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operating system's synchronised flag over a fake root: timesyncd's flag file, the kernel's flag as timedatectl
 * reports it (a stand-in answers here), no systemd at all; and enrolment's use of it (SECURITY R32).
 */
class SystemClockTrustTest {
    private static final long MINUTE_AND_A_BIT = 61_000_000_000L;

    @TempDir
    Path root;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicReference<Optional<Boolean>> kernel = new AtomicReference<>(Optional.empty());
    private final AtomicInteger asked = new AtomicInteger();

    private SystemClockTrust trust() {
        return new SystemClockTrust(root, nanos::get, () -> {
            asked.incrementAndGet();
            return kernel.get();
        });
    }

    private void systemdHost() throws Exception {
        Files.createDirectories(root.resolve("run/systemd/system"));
    }

    @Test
    void timesyncdFlagFile_makesTheClockTrusted_andItStaysTrusted() throws Exception {
        systemdHost();
        SystemClockTrust trust = trust();
        Path flag = root.resolve("run/systemd/timesync/synchronized");

        assertThat(trust.trusted()).isFalse();
        Files.createDirectories(flag.getParent());
        Files.createFile(flag);
        assertThat(trust.trusted()).as("re-checked only after a minute").isFalse();
        nanos.addAndGet(MINUTE_AND_A_BIT);
        assertThat(trust.trusted()).isTrue();
        Files.delete(flag);
        assertThat(trust.trusted()).isTrue();
    }

    @Test
    void kernelFlag_asTimedatectlReportsIt_decidesWithoutTheFlagFile() throws Exception {
        systemdHost();
        kernel.set(Optional.of(false));
        SystemClockTrust trust = trust();

        assertThat(trust.trusted()).isFalse();
        kernel.set(Optional.of(true)); // chrony or ntpd cleared STA_UNSYNC
        nanos.addAndGet(MINUTE_AND_A_BIT);
        assertThat(trust.trusted()).isTrue();
        assertThat(asked).hasValue(2);
    }

    @Test
    void noAnswerFromTimedatectl_isNotTrust() throws Exception {
        systemdHost();
        SystemClockTrust trust = trust();

        assertThat(trust.trusted()).isFalse();
        nanos.addAndGet(MINUTE_AND_A_BIT);
        assertThat(trust.trusted()).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void hostWithoutSystemd_isTrusted_withoutAsking() {
        assertThat(trust().trusted()).isTrue();
        assertThat(asked).hasValue(0);
    }

    /** R32: certificates are judged only on a clock that is past the bundle's floor and synchronised. */
    @Test
    void forCertificates_needsBothTheFloorAndTheSynchronisedFlag() throws Exception {
        systemdHost();
        Instant issued = Instant.parse("2026-11-01T00:00:00Z");
        kernel.set(Optional.of(false));
        SystemClockTrust trust = trust();
        var certificates = trust.forCertificates(issued);

        assertThat(certificates.trusted(issued.plusSeconds(3600)))
                .as("past the floor, but not synchronised")
                .isFalse();
        kernel.set(Optional.of(true));
        nanos.addAndGet(MINUTE_AND_A_BIT);
        assertThat(certificates.trusted(Instant.parse("1970-01-01T00:00:10Z")))
                .as("synchronised, but before the floor")
                .isFalse();
        assertThat(certificates.trusted(issued.plusSeconds(3600))).isTrue();
    }
}
