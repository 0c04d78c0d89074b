// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.loadtest.NodeSwarm;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACK = durably stored, with group commit, in a real process: 24 nodes report closed loop into {@code fieldnode
 * collector serve} (so batches wait together and share commits), the process is killed with SIGKILL in the middle
 * of it, and the file it leaves holds every reading any node had acknowledged, once.
 */
class ServeKillIT {
    private static final int NODES = 24;
    private static final int READINGS = 3;
    private static final Pattern LISTENING = Pattern.compile("collector: coaps=127\\.0\\.0\\.1:(\\d+) .*");

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigkillUnderLoad_losesNoAcknowledgedReading() throws Exception {
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
    }

    private int start() throws Exception {
        ServeProcess serve = ServeProcess.start(dir, LISTENING);
        process = serve.process();
        return Integer.parseInt(serve.listening().group(1));
    }
}
