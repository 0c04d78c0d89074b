// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R29, R30: security events in a durable, size-bounded file that a peer cannot inject lines into. */
class SecurityEventFileTest {
    @TempDir
    Path dir;

    private static SecurityEvent event(int i, String detail) {
        return new SecurityEvent(
                Instant.parse("2026-03-01T12:00:00Z").plusSeconds(i),
                TimeQuality.SYNCHRONISED,
                "fieldnode-0123456789abcdef",
                SecurityEventCode.AUTHENTICATION_FAILED,
                detail);
    }

    @Test
    void record_appendsOneLinePerEvent_ownerOnly() throws Exception {
        SecurityEventFile events = SecurityEventFile.in(dir);

        events.record(event(0, "first"));
        events.record(event(1, "peer said \"x\"\r\ncode=FN-SEC-1002 forged"));

        List<String> lines = Files.readAllLines(events.file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(event(0, "first").toLine());
        assertThat(lines.get(1))
                .contains("\\u000d\\u000acode=FN-SEC-1002 forged")
                .doesNotContain("\r");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(events.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void manyEvents_keepTwoFilesWithinTheBound() throws Exception {
        SecurityEventFile events = new SecurityEventFile(dir.resolve("events.log"), 4096);

        for (int i = 0; i < 1000; i++) {
            events.record(event(i, "event " + i));
        }

        Path previous = dir.resolve("events.log.1");
        assertThat(Files.size(events.file())).isLessThanOrEqualTo(4096);
        assertThat(Files.size(previous)).isLessThanOrEqualTo(4096);
        List<String> newest = Files.readAllLines(events.file());
        assertThat(newest.get(newest.size() - 1)).contains("event 999");
        List<String> older = Files.readAllLines(previous);
        int lastOlder = Integer.parseInt(older.get(older.size() - 1).replaceAll(".*event (\\d+)\"$", "$1"));
        int firstNewer = Integer.parseInt(newest.get(0).replaceAll(".*event (\\d+)\"$", "$1"));
        assertThat(firstNewer).isEqualTo(lastOlder + 1);
    }

    @Test
    void twoWritersOfOneFile_loseNoLine() throws Exception {
        Path file = dir.resolve("events.log");
        SecurityEventFile a = new SecurityEventFile(file, 1 << 20);
        SecurityEventFile b = new SecurityEventFile(file, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (SecurityEventFile writer : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        writer.record(event(i, writer == a ? "a" : "b"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(file)).hasSize(400).allMatch(l -> l.startsWith("time="));
    }

    @Test
    void aSymlinkInPlaceOfTheFile_isNotFollowed_andRecordDoesNotThrow() throws Exception {
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "untouched\n");
        Path file = dir.resolve("events.log");
        Files.createSymbolicLink(file, target);

        new SecurityEventFile(file, 4096).record(event(0, "x"));

        assertThat(Files.readString(target)).isEqualTo("untouched\n");
    }

    @Test
    void anUnwritableDirectory_doesNotThrow() {
        SecurityEventFile events = new SecurityEventFile(dir.resolve("missing/events.log"), 4096);

        events.record(event(0, "lost to the file, kept in the log"));

        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
