// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.loadtest.NodeSwarm;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACK = durably stored, with group commit, in a real process: 24 nodes report closed loop into {@code fieldnode
 * collector serve} (so batches wait together and share commits), the process is killed with SIGKILL in the middle
 * of it, and the file it leaves holds every reading any node had acknowledged, once. Then (issue 20) serve starts
 * again on the same directory without any manual step, says once that it recovers from an unclean stop, and its
 * stores are intact: both SQLite files pass {@code integrity_check}, the enrolment registry still holds the bundle
 * issued before the kill, the CA is the same; after a clean stop the next start says nothing of the kind.
 */
class ServeKillIT {
    private static final int NODES = 24;
    private static final int READINGS = 3;
    private static final Pattern LISTENING =
            Pattern.compile("collector: coaps=127\\.0\\.0\\.1:(\\d+) .* readings=(\\d+) .* ca=(sha256:[0-9a-f]{64})");
    private static final String RECOVERING = "Recovering from an unclean stop";

    @TempDir
    Path dir;

    private Process process;
    private ServeProcess serve;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigkillUnderLoad_losesNoAcknowledgedReading_andARestartRecoversByItself() throws Exception {
        List<PskCredential> keys = new ArrayList<>();
        StringBuilder directory = new StringBuilder();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < NODES; i++) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            keys.add(new PskCredential("kill-%02d".formatted(i), secret));
            directory.append("kill-%02d=%s%n".formatted(i, HexFormat.of().formatHex(secret)));
        }
        Path psk = dir.resolve("psk-directory");
        Files.writeString(psk, directory);
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
        int port = start();
        String ca = serve.listening().group(3);
        assertThat(serve.output()).noneMatch(line -> line.contains(RECOVERING));
        Path bundle = dir.resolve("weather-01.txt");
        assertThat(CollectorMain.commandLine()
                        .execute(
                                "collector",
                                "enrolment",
                                "issue",
                                "weather-01",
                                "--out",
                                bundle.toString(),
                                "--allow-loopback",
                                "--data-dir",
                                dir.toString()))
                .isZero();

        try (NodeSwarm swarm = NodeSwarm.start(keys, new InetSocketAddress("127.0.0.1", port), READINGS)) {
            swarm.run(Duration.ofMillis(200));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (swarm.counts().acknowledged() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no checkpoint, the WAL as the last sync left it
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            swarm.stop(Duration.ZERO);
            assertThat(swarm.counts().acknowledged()).as("load before the kill").isGreaterThanOrEqualTo(300);

            try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
                Set<String> stored = new HashSet<>();
                for (StoredReading r : store.all()) {
                    assertThat(stored.add(r.device() + "#" + r.sequence()))
                            .as("stored once")
                            .isTrue();
                }
                long acknowledged = 0;
                for (int i = 0; i < NODES; i++) {
                    for (long s = 0; s < swarm.acknowledgedReadings(i); s++) {
                        assertThat(stored).contains(keys.get(i).identity() + "#" + s);
                        acknowledged++;
                    }
                }
                assertThat(stored.size()).isGreaterThanOrEqualTo((int) acknowledged);
            }
        }
        assertThat(dir.resolve(RunningMarker.FILE_NAME))
                .as("left by the killed run")
                .exists();

        start();
        assertThat(serve.listening().group(3)).as("the same CA").isEqualTo(ca);
        assertThat(serve.output().stream().filter(line -> line.contains(RECOVERING)))
                .as("one line about the unclean stop")
                .hasSize(1);
        assertThat(integrityCheck(dir.resolve("collector.db"))).isEqualTo("ok");
        assertThat(integrityCheck(dir.resolve(SqliteEnrolmentRecords.FILE_NAME)))
                .isEqualTo("ok");
        try (EnrolmentRegistry registry =
                SqliteEnrolmentRecords.openRegistry(dir, CollectorCa.openOrCreate(dir, java.time.Instant.now()))) {
            assertThat(registry.credentials())
                    .extracting(EnrolmentRegistry.Credential::device, EnrolmentRegistry.Credential::state)
                    .containsExactly(tuple("weather-01", "unused"));
        }

        process.destroy(); // SIGTERM: a clean stop removes the marker
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve(RunningMarker.FILE_NAME)).doesNotExist();
        start();
        assertThat(serve.output()).noneMatch(line -> line.contains(RECOVERING));
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }

    private int start() throws Exception {
        serve = ServeProcess.start(dir, LISTENING);
        process = serve.process();
        return Integer.parseInt(serve.listening().group(1));
    }
}
