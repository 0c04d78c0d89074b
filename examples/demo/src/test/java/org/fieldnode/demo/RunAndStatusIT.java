// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.runtime.cli.Main;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.NodeIdFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fieldnode run` against a collector, and `fieldnode status` reading the running node's state. */
class RunAndStatusIT {
    @TempDir
    Path dir;

    @Test
    void run_reportsAndStatusShowsIt() throws Exception {
        Path data = dir.resolve("data");
        NodeId id = NodeIdFile.loadOrCreate(data.resolve("node-id"));
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        Path pskFile = dir.resolve("psk");
        Files.createFile(pskFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                pskFile, "identity=" + id.value() + "\nkey=" + HexFormat.of().formatHex(key) + "\n");
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(new PskCredential(id.value(), key));

        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(keys)
                .build()) {
            collector.start();
            String uri = "coaps://127.0.0.1:" + collector.address().getPort() + "/r";
            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(
                    "run",
                    "--profile",
                    Demo.PROFILE,
                    "--collector",
                    uri,
                    "--psk-file",
                    pskFile.toString(),
                    "--data-dir",
                    data.toString(),
                    "--duration",
                    "9s"));
            Thread.sleep(6_500); // the node writes its status every 5 s
            Cli live = Cli.run("status", "--data-dir", data.toString());
            Cli ran = run.get();

            assertThat(live.code()).as(live.out()).isZero();
            assertThat(live.out())
                    .contains("Node " + id.value() + ": OK")
                    .contains("env0")
                    .contains("bosch,bme280")
                    .containsPattern("temperature +-?\\d+\\.\\d+ Cel")
                    .containsPattern("status: node=" + id.value() + " running=true state=OK")
                    .contains("identity=PSK");
            assertThat(ran.code()).as(ran.err()).isZero();
            assertThat(ran.out())
                    .containsPattern("run: node=" + id.value() + " sampled=\\d+ sent=\\d+ acknowledged=\\d+");
            assertThat(collector.store().size()).isPositive();
        }
        Cli after = Cli.run("status", "--data-dir", data.toString());
        assertThat(after.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(after.out()).contains(": STOPPED").contains("running=false");
        assertThat(data.resolve("dtls-session")).exists();
    }

    @Test
    void status_withoutANode_saysHowToStartOne() {
        Cli r = Cli.run("status", "--data-dir", dir.resolve("nothing").toString());

        assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(r.out()).contains("No node has run with data directory").contains("fieldnode run --profile");
    }
}
