// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldnode.demo.soak.CollectorProcess;
import org.fieldnode.runtime.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 7: PSK nodes without hand-made hex. {@code collector psk add DEVICE --out node-psk} writes the node's
 * 0600 PSK file and the matching {@code psk-directory} line; a node run with that file reports under DEVICE. A
 * collector that serves enrolled nodes only starts without any {@code psk-directory}.
 */
class PskAddIT {
    @TempDir
    Path dir;

    private CollectorProcess collector;

    @AfterEach
    void stop() throws Exception {
        if (collector != null) {
            collector.kill();
        }
    }

    @Test
    void pskAdd_writesTheNodesFile_andTheDirectoryLine_andTheNodeReports() throws Exception {
        Path data = Files.createDirectory(dir.resolve("collector-data"));
        Path nodePsk = dir.resolve("node-psk");

        Cli add = Cli.run(
                "collector", "psk", "add", "weather-01", "--out", nodePsk.toString(), "--data-dir", data.toString());

        assertThat(add.code()).as(add.err()).isZero();
        Path directory = data.resolve("psk-directory");
        assertThat(add.out())
                .isEqualTo("psk: added device=weather-01 file=" + nodePsk + " directory=" + directory + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodePsk)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rw-------");
        List<String> node = Files.readAllLines(nodePsk);
        assertThat(node).hasSize(2).first().isEqualTo("identity=weather-01");
        String key = node.get(1).substring("key=".length());
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(Files.readAllLines(directory)).contains("weather-01=" + key);
        assertThat(add.out() + add.err()).doesNotContain(key);

        Cli again = Cli.run(
                "collector",
                "psk",
                "add",
                "weather-01",
                "--out",
                dir.resolve("other").toString(),
                "--data-dir",
                data.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err())
                .isEqualTo("fieldnode collector psk add: 'weather-01' is in " + directory
                        + " already; remove its line to replace its key\n");

        Cli reserved = Cli.run(
                "collector",
                "psk",
                "add",
                "enrol-x",
                "--out",
                dir.resolve("x").toString(),
                "--data-dir",
                data.toString());
        assertThat(reserved.code()).isEqualTo(2);
        assertThat(reserved.err()).contains("belong to enrolment bundles");
        assertThat(dir.resolve("x")).doesNotExist();

        collector = new CollectorProcess(data, dir.resolve("collector.log"));
        collector.start();
        Cli run = Cli.run(
                "run",
                "--profile",
                "simulated-weather-station",
                "--collector",
                collector.readingsUri(),
                "--psk-file",
                nodePsk.toString(),
                "--data-dir",
                dir.resolve("node").toString(),
                "--duration",
                "6s");
        assertThat(run.code()).as(run.err()).isZero();
        Cli devices = Cli.run("collector", "devices", "--format", "kv", "--data-dir", data.toString());
        assertThat(devices.out()).contains("device=weather-01 ");
    }

    @Test
    void aCollectorOfEnrolledNodesOnly_needsNoPskDirectory() throws Exception {
        Path data = Files.createDirectory(dir.resolve("collector-data"));
        Path log = dir.resolve("serve.log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dtinylog.configuration=tinylog.properties",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "collector",
                "serve",
                "--data-dir",
                data.toString(),
                "--bind",
                "127.0.0.1:0"));
        Process serve = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && serve.isAlive()
                    && !Files.readString(log, StandardCharsets.UTF_8).contains("collector: coaps=")) {
                Thread.sleep(200);
            }
            String seen = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(seen).as(seen).contains("collector: coaps=127.0.0.1:").contains(" nodes=0 ");
            assertThat(data.resolve("psk-directory")).doesNotExist();
        } finally {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }
}
