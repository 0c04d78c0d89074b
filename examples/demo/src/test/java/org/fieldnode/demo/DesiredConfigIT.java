// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.runtime.cli.Main;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.NodeIdFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The twin end to end: `fieldnode collector config set` on the collector, a running `fieldnode run` node learns it
 * on its next report, applies it and reports the version back, and `config show` says applied.
 */
class DesiredConfigIT {
    @TempDir
    Path dir;

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        cli.execute(args);
        return out.toString();
    }

    @Test
    void desiredInterval_reachesTheNode_isApplied_andReportedBack() throws Exception {
        Path nodeData = dir.resolve("node");
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        NodeId id = NodeIdFile.loadOrCreate(nodeData.resolve("node-id"));
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        Path pskFile = dir.resolve("psk");
        Files.createFile(pskFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                pskFile, "identity=" + id.value() + "\nkey=" + HexFormat.of().formatHex(key) + "\n");
        Path directory = collectorData.resolve("psk-directory");
        Files.createFile(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(directory, id.value() + "=" + HexFormat.of().formatHex(key) + "\n");
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(new PskCredential(id.value(), key));

        try (SqliteReadingStore store = SqliteReadingStore.open(collectorData.resolve(SqliteReadingStore.FILE_NAME));
                CollectorServer collector = CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(keys)
                        .store(store)
                        .desiredConfigs(store.desiredConfigs())
                        .build()) {
            collector.start();
            String set = cli(
                    "collector",
                    "config",
                    "set",
                    id.value(),
                    "interval.env0=3s",
                    "--data-dir",
                    collectorData.toString());
            assertThat(set).contains("version");
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> cli(
                    "run",
                    "--profile",
                    Demo.PROFILE,
                    "--collector",
                    "coaps://127.0.0.1:" + collector.address().getPort() + "/r",
                    "--psk-file",
                    pskFile.toString(),
                    "--data-dir",
                    nodeData.toString(),
                    "--duration",
                    "10s"));
            String ran = run.get();

            assertThat(ran).contains("run: node=" + id.value());
            assertThat(Files.readString(nodeData.resolve("config-applied")))
                    .contains("applied=1")
                    .contains("entry.interval.env0=3s");
            String shown = cli("collector", "config", "show", id.value(), "--data-dir", collectorData.toString());
            assertThat(shown).contains("state=applied");
        }
    }
}
