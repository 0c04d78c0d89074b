// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.collector.update.ReleaseStore;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.update.ReleasePacker;
import org.fieldnode.runtime.update.UpdateAgent;
import org.fieldnode.runtime.update.UpdateKeyFiles;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.NodeIdFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 end to end on loopback DTLS (UPDATES.md §3–5, SECURITY R24–R27): a real collector, {@code collector
 * update publish} and {@code assign} of a release packed with {@link ReleasePacker}, and {@code fieldnode run} in
 * the packaged layout (the launcher's slots in {@code DATA/app}, the pinned key in {@code DATA/update-key.pub}). The
 * node fetches the release block-wise through the collector, installs it in the inactive slot and ends with exit
 * code 75; the real launcher script (dry run) then counts the trial's start, the node runs again on the new slot,
 * passes its health check and reports the new installed release, which the collector's store shows. A second
 * release whose trial gets no acknowledgement within a short bound is rolled back by the launcher, and the node
 * reports {@code rolled_back}. A collector that stops in the middle of a download and comes back later: the node
 * gives the fetch up, then resumes it after the blocks it kept.
 */
class OverTheAirIT {
    private static final String HEALTH_BOUND = "fieldnode.update.health-bound";

    @TempDir
    Path dir;

    @AfterEach
    void clearBound() {
        System.clearProperty(HEALTH_BOUND);
    }

    @Test
    void releaseNplus1_isInstalledThroughTheCollector_andAFailedTrial_isRolledBack() throws Exception {
        long started = System.nanoTime();
        Field field = field();
        Path nodeData = field.nodeData();
        Path collectorData = field.collectorData();
        Path slots = field.slots();
        NodeId id = field.id();
        Path pskFile = field.pskFile();
        Path r1 = release("0.2.0", 1, field.updateKey(), 3000);
        Path r2 = release("0.3.0", 2, field.updateKey(), 3000);

        try (SqliteReadingStore store = SqliteReadingStore.open(collectorData.resolve(SqliteReadingStore.FILE_NAME));
                CollectorServer collector = collector(store, field, 0);
                DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.start();
            String url = "coaps://127.0.0.1:" + collector.address().getPort() + "/r";
            String nowhere = "coaps://127.0.0.1:" + silent.getLocalPort() + "/r"; // takes packets, never answers

            // The node reports on the package's release; the collector hears it.
            Cli first = run(nodeData, pskFile, url, "3s");
            assertThat(first.code()).as(first.err() + first.out()).isZero();

            // Release 1: publish, assign, the node fetches and installs it, and asks for a restart.
            assertThat(collectorCli(collectorData, "publish", r1.toString()).out())
                    .contains("sequence=1");
            assertThat(collectorCli(collectorData, "assign", id.value(), "1").out())
                    .contains("devices=1");
            Cli fetch = run(nodeData, pskFile, url, "60s");
            assertThat(fetch.code()).as(fetch.err() + fetch.out()).isEqualTo(Node.RESTART_EXIT_CODE);
            assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/a");
            assertThat(Files.readString(slots.resolve("trial"))).contains("sequence=1", "starts=0");

            // The service manager starts the launcher again: it counts the trial's start and runs slot a.
            assertThat(launcher(slots)).contains(slots.resolve("slots/a/lib").toRealPath() + "/*");
            assertThat(Files.readString(slots.resolve("trial"))).contains("starts=1");
            System.setProperty(HEALTH_BOUND, "PT20S");
            Cli trial = run(nodeData, pskFile, url, "12s");
            assertThat(trial.code()).as(trial.err() + trial.out()).isZero();
            assertThat(slots.resolve("trial")).doesNotExist();
            DeviceUpdates.DeviceUpdate applied = store.deviceUpdates().all().get(id.value());
            assertThat(applied.installed()).isEqualTo(1);
            assertThat(applied.state()).isEqualTo("applied");
            String devices = Cli.run("collector", "devices", "--data-dir", collectorData.toString())
                    .out();
            assertThat(devices).contains(id.value()).contains("applied:1");
            System.out.println(devices);

            // Release 2 installs too, resuming after the two blocks an earlier run kept (random access from block 2),
            // but its trial gets no acknowledgement within the bound.
            assertThat(collectorCli(collectorData, "publish", r2.toString()).out())
                    .contains("sequence=2");
            assertThat(collectorCli(collectorData, "assign", id.value(), "2").out())
                    .contains("devices=1");
            byte[] payload2;
            try (InputStream in = Files.newInputStream(r2)) {
                ReleaseFile.readHeader(in);
                payload2 = in.readAllBytes();
            }
            assertThat(payload2.length).isGreaterThan(4 * 512);
            Path part =
                    Files.createDirectories(nodeData.resolve("update/download")).resolve("2.part");
            Files.write(part, Arrays.copyOf(payload2, 2 * 512));
            Cli fetch2 = run(nodeData, pskFile, url, "60s");
            assertThat(fetch2.code()).as(fetch2.err() + fetch2.out()).isEqualTo(Node.RESTART_EXIT_CODE);
            assertThat(UpdateAgent.readState(nodeData)).containsEntry("resumed", "1");
            assertThat(part).doesNotExist();
            assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/b");
            assertThat(launcher(slots)).contains(slots.resolve("slots/b/lib").toRealPath() + "/*");
            System.setProperty(HEALTH_BOUND, "PT3S");
            Cli failed = run(nodeData, pskFile, nowhere, "60s");
            assertThat(failed.code()).as(failed.err() + failed.out()).isEqualTo(Node.RESTART_EXIT_CODE);
            assertThat(Files.readString(slots.resolve("trial")))
                    .contains("reason=health-check-failed:report-acknowledged");

            // The launcher rolls back to slot a; the node reports rolled_back, still on release 1.
            assertThat(launcher(slots)).contains(slots.resolve("slots/a/lib").toRealPath() + "/*");
            assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/a");
            System.clearProperty(HEALTH_BOUND);
            Cli back = run(nodeData, pskFile, url, "6s");
            assertThat(back.code()).as(back.err() + back.out()).isZero();
            DeviceUpdates.DeviceUpdate rolledBack = store.deviceUpdates().all().get(id.value());
            assertThat(rolledBack.installed()).isEqualTo(1);
            assertThat(rolledBack.state()).isEqualTo("rolled_back");
            assertThat(rolledBack.reason()).contains("health-check-failed");

            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            Reliability.line(
                    "update-e2e",
                    "update-e2e: applied=1 rolled_back=1 resumed=1 fetched_over_coaps=2 seconds=" + seconds);
        }
    }

    /**
     * SECURITY R27 with the real collector: it stops (server and store closed, as when its process ends) once a node
     * has fetched the first 64 KiB of a 3 MB release, and stays away until the node has given the fetch up; the node
     * keeps sensing. When the collector is back on the same address, a later report resumes the fetch after the
     * blocks the node kept, on a new DTLS session, and the release installed is byte for byte the published one.
     */
    @Test
    void aDownloadCutByTheCollectorStopping_resumesAfterTheKeptBlocks_whenItIsBack() throws Exception {
        Field field = field();
        Path release = release("0.2.0", 1, field.updateKey(), 3_000_000);
        long payloadBytes;
        try (InputStream in = Files.newInputStream(release)) {
            ReleaseFile.readHeader(in);
            payloadBytes = in.transferTo(OutputStream.nullOutputStream());
        }
        Path storeFile = field.collectorData().resolve(SqliteReadingStore.FILE_NAME);
        Path part = field.nodeData().resolve("update/download/1.part");
        ExecutorService node = Executors.newSingleThreadExecutor();
        try {
            int port;
            Future<Cli> fetching;
            try (SqliteReadingStore store = SqliteReadingStore.open(storeFile);
                    CollectorServer collector = collector(store, field, 0)) {
                collector.start();
                port = collector.address().getPort();
                String url = "coaps://127.0.0.1:" + port + "/r";
                Cli first = run(field.nodeData(), field.pskFile(), url, "3s");
                assertThat(first.code()).as(first.err() + first.out()).isZero();
                collectorCli(field.collectorData(), "publish", release.toString());
                collectorCli(field.collectorData(), "assign", field.id().value(), "1");

                // Long enough for a fetch given up, the delivery back-off and the resume, however they fall.
                fetching = node.submit(() -> run(field.nodeData(), field.pskFile(), url, "600s"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((!Files.exists(part) || Files.size(part) < 64 * 1024) && System.nanoTime() < deadline) {
                    assertThat(fetching)
                            .as("the node ended before its download was cut")
                            .isNotDone();
                    Thread.sleep(2); // waits for the node's download to reach 64 KiB; it measures nothing
                }
            }
            long keptAtStop = Files.size(part);
            assertThat(fetching)
                    .as("the download finished before the collector stopped")
                    .isNotDone();
            assertThat(keptAtStop).isBetween(64L * 1024, payloadBytes - 1);

            // The collector stays away until the node's fetch has given up (three unanswered tries).
            Map<String, String> state = Map.of();
            long away = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < away) {
                state = UpdateAgent.readState(field.nodeData());
                if ("stopped".equals(state.get("state"))) {
                    break;
                }
                assertThat(fetching)
                        .as("the node ended while the collector was away")
                        .isNotDone();
                Thread.sleep(50); // waits for the node; it measures nothing
            }
            assertThat(state).containsEntry("state", "stopped").containsEntry("reason", "fetch-failed");

            try (SqliteReadingStore store = SqliteReadingStore.open(storeFile);
                    CollectorServer back = collector(store, field, port)) {
                back.start();
                Cli fetched = fetching.get(480, TimeUnit.SECONDS);
                assertThat(fetched.code()).as(fetched.err() + fetched.out()).isEqualTo(Node.RESTART_EXIT_CODE);
                Matcher sampled = Pattern.compile(" sampled=(\\d+) ").matcher(fetched.out());
                assertThat(sampled.find()).as(fetched.out()).isTrue();
                assertThat(Long.parseLong(sampled.group(1)))
                        .as("sensing went on while the collector was away")
                        .isGreaterThan(30);
            }
            long resumedAfter = resumedAfter(1);
            assertThat(resumedAfter)
                    .as("resumed after the blocks kept when the collector stopped")
                    .isBetween(keptAtStop / 512 * 512, payloadBytes - 1);
        } finally {
            node.shutdownNow();
            assertThat(node.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(UpdateAgent.readState(field.nodeData())).containsEntry("resumed", "1");
        assertThat(part).doesNotExist();
        assertThat(Files.readSymbolicLink(field.slots().resolve("current"))).hasToString("slots/a");
        assertThat(field.slots().resolve("slots/a/lib/fieldnode-device-runtime-0.2.0.jar"))
                .hasSameBinaryContentAs(dir.resolve("build/0.2.0/lib/fieldnode-device-runtime-0.2.0.jar"));
    }

    /** The bytes the node said it resumed release {@code sequence} after, from the last such line of the tests' log. */
    private static long resumedAfter(long sequence) throws Exception {
        Pattern line = Pattern.compile("Resuming release " + sequence + " after (\\d+) kept bytes");
        long after = -1;
        for (String l : Files.readAllLines(Path.of("target/test-logs/fieldnode.log"), StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                after = Long.parseLong(m.group(1));
            }
        }
        return after;
    }

    /**
     * The default path: a node enrolled with a bundle fetches its release over the DTLS session of its certificate,
     * installs it, and its trial passes on reports made with that certificate; the integrator assigns by the device
     * name of the bundle.
     */
    @Test
    void anEnrolledNode_fetchesOverItsCertificateSession_andItsTrialPasses() throws Exception {
        Layout layout = layout();
        Path nodeData = layout.nodeData();
        Path collectorData = layout.collectorData();
        Path slots = layout.slots();
        Path release = release("0.2.0", 1, layout.updateKey(), 3000);
        Path wrapping = nodeData.resolve("wrapping.key");
        Path bundle = dir.resolve("weather-07-bundle.txt");
        try (SqliteReadingStore store = SqliteReadingStore.open(collectorData.resolve(SqliteReadingStore.FILE_NAME));
                EnrolmentServer enrolment =
                        EnrolmentServer.open(collectorData, List.of("127.0.0.1"), InstantSource.system());
                CollectorServer collector = enrolment
                        .configure(updatesCollector(store, collectorData, new InMemoryPskDirectory(), 0))
                        .build()) {
            collector.start();
            Cli issued = Cli.issueBundle("weather-07", bundle, collector.address(), collectorData);
            assertThat(issued.code()).as(issued.err()).isZero();
            Cli enrolled = runEnrolled(nodeData, wrapping, "8s", "--bundle", bundle.toString());
            assertThat(enrolled.code()).as(enrolled.err() + enrolled.out()).isZero();
            assertThat(enrolled.out()).contains("security=OK");
            String nodeId = Files.readString(nodeData.resolve("node-id")).strip();

            collectorCli(collectorData, "publish", release.toString());
            assertThat(collectorCli(collectorData, "assign", "weather-07", "1").out())
                    .contains("devices=1");
            Cli fetch = runEnrolled(nodeData, wrapping, "60s");
            assertThat(fetch.code()).as(fetch.err() + fetch.out()).isEqualTo(Node.RESTART_EXIT_CODE);
            assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/a");
            assertThat(slots.resolve("slots/a/lib/fieldnode-device-runtime-0.2.0.jar"))
                    .hasSameBinaryContentAs(dir.resolve("build/0.2.0/lib/fieldnode-device-runtime-0.2.0.jar"));

            assertThat(launcher(slots)).contains(slots.resolve("slots/a/lib").toRealPath() + "/*");
            System.setProperty(HEALTH_BOUND, "PT20S");
            Cli trial = runEnrolled(nodeData, wrapping, "12s");
            assertThat(trial.code()).as(trial.err() + trial.out()).isZero();
            assertThat(trial.out()).contains("security=OK");
            assertThat(slots.resolve("trial")).doesNotExist();
            DeviceUpdates.DeviceUpdate applied = store.deviceUpdates().all().get(nodeId);
            assertThat(applied.installed()).isEqualTo(1);
            assertThat(applied.state()).isEqualTo("applied");
            assertThat(store.all()).extracting(StoredReading::device).containsOnly(nodeId);
        }
    }

    private Cli runEnrolled(Path nodeData, Path wrapping, String duration, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--profile",
                Demo.PROFILE,
                "--data-dir",
                nodeData.toString(),
                "--wrapping-key",
                wrapping.toString(),
                "--duration",
                duration,
                "--drain-timeout",
                "2s"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli run(Path nodeData, Path pskFile, String collector, String duration) {
        return Cli.run(
                "run",
                "--profile",
                Demo.PROFILE,
                "--collector",
                collector,
                "--psk-file",
                pskFile.toString(),
                "--data-dir",
                nodeData.toString(),
                "--duration",
                duration,
                "--drain-timeout",
                "2s");
    }

    private static Cli collectorCli(Path data, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "collector";
        all[1] = "update";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--data-dir";
        all[args.length + 3] = data.toString();
        Cli ran = Cli.run(all);
        assertThat(ran.code()).as(ran.err() + ran.out()).isZero();
        return ran;
    }

    /** The node's data directory in the packaged layout, its pre-shared key, the collector's data and the update key. */
    private record Field(
            Path nodeData,
            Path collectorData,
            Path slots,
            NodeId id,
            Path pskFile,
            InMemoryPskDirectory keys,
            KeyPair updateKey) {}

    /** A node's data directory in the packaged layout with its pinned update key, and a collector's directory. */
    private record Layout(Path nodeData, Path collectorData, Path slots, KeyPair updateKey) {}

    private Layout layout() throws Exception {
        Path nodeData = Files.createDirectories(dir.resolve("node"));
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        Path slots = Files.createDirectories(nodeData.resolve("app")); // the launcher's FIELDNODE_SLOTS
        KeyPair updateKey = UpdateKeyFiles.generate(dir.resolve("keys/update-key"));
        Files.copy(dir.resolve("keys/update-key.pub"), nodeData.resolve("update-key.pub"));
        return new Layout(nodeData, collectorData, slots, updateKey);
    }

    private Field field() throws Exception {
        Layout layout = layout();
        Path nodeData = layout.nodeData();
        NodeId id = NodeIdFile.loadOrCreate(nodeData.resolve("node-id"));
        byte[] psk = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(psk);
        Path pskFile = dir.resolve("psk");
        Files.createFile(pskFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                pskFile, "identity=" + id.value() + "\nkey=" + HexFormat.of().formatHex(psk) + "\n");
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(new PskCredential(id.value(), psk));
        return new Field(nodeData, layout.collectorData(), layout.slots(), id, pskFile, keys, layout.updateKey());
    }

    private static CollectorServer collector(SqliteReadingStore store, Field field, int port) {
        return updatesCollector(store, field.collectorData(), field.keys(), port)
                .build();
    }

    /** A collector on loopback {@code port} that stores in {@code store} and serves releases and desired configs. */
    private static CollectorServer.Builder updatesCollector(
            SqliteReadingStore store, Path collectorData, InMemoryPskDirectory keys, int port) {
        return CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .pskDirectory(keys)
                .store(store)
                .desiredConfigs(store.desiredConfigs())
                .deviceUpdates(store.deviceUpdates())
                .releases(new ReleaseStore(collectorData));
    }

    /** A release directory (lib/*.jar of {@code jarBytes} random bytes, bin/fieldnode, VERSION) signed as {@code sequence}. */
    private Path release(String version, long sequence, KeyPair key, int jarBytes) throws Exception {
        Path from = Files.createDirectories(dir.resolve("build/" + version));
        Files.createDirectories(from.resolve("lib"));
        Files.createDirectories(from.resolve("bin"));
        byte[] jar = new byte[jarBytes + (int) sequence * 100];
        NodeId.nonBlockingRandom().nextBytes(jar);
        Files.write(from.resolve("lib/fieldnode-device-runtime-" + version + ".jar"), jar);
        Files.writeString(from.resolve("bin/fieldnode"), "#!/bin/sh\n", StandardCharsets.UTF_8);
        Files.writeString(from.resolve("VERSION"), version + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("r" + sequence + ".fnu");
        ReleasePacker.pack(from, null, 0, sequence, version, key, null, out);
        return out;
    }

    /** The real launcher in dry-run mode with {@code slots}, as the service manager starts it: it prints the java
     * command with the class path of the release it chose. */
    private String launcher(Path slots) throws Exception {
        Path script = dir.resolve("launcher/bin/fieldnode");
        if (!Files.exists(script)) {
            Files.createDirectories(script.getParent());
            Files.createDirectories(dir.resolve("launcher/package/lib"));
            Files.writeString(
                    script,
                    Files.readString(Path.of("../node-package/src/launcher/fieldnode.sh"))
                            .replace("@FIELDNODE_NAME@", "fieldnode")
                            .replace(
                                    "@FIELDNODE_LIB@",
                                    dir.resolve("launcher/package/lib").toString())
                            .replace(
                                    "@FIELDNODE_DEFAULTS@",
                                    dir.resolve("launcher/no-defaults").toString())
                            .replace("@FIELDNODE_MAIN@", "org.fieldnode.runtime.cli.Main"));
        }
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "run");
        Map<String, String> env = pb.environment();
        env.put("FIELDNODE_SLOTS", slots.toString());
        env.put("FIELDNODE_DRY_RUN", "1");
        env.put("FIELDNODE_JAVA_HOME", System.getProperty("java.home"));
        env.put("FIELDNODE_MEMINFO", dir.resolve("launcher/no-meminfo").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
