// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldnode.demo.soak.CollectorProcess;
import org.fieldnode.runtime.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 5: a wrong PSK says so. {@code collector serve} and a node started with a key that differs from its
 * {@code psk-directory} line run as processes; the node's first failed handshake gives one WARN naming the likely
 * cause, {@code fieldnode status} shows it with DEGRADED, and the collector records an authentication failure for that
 * identity (rate-limited, at WARN, not ERROR) in its log and its security-events.log.
 */
class WrongPskIT {
    @TempDir
    Path dir;

    private CollectorProcess collector;
    private Process node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (collector != null) {
            collector.kill();
        }
    }

    @Test
    void aWrongKey_isOneWarnOnTheNode_inStatus_andAnAuthenticationFailureAtTheCollector() throws Exception {
        Path data = Files.createDirectory(dir.resolve("collector-data"));
        Cli add = Cli.run(
                "collector",
                "psk",
                "add",
                "weather-01",
                "--out",
                dir.resolve("node-psk").toString(),
                "--data-dir",
                data.toString());
        assertThat(add.code()).as(add.err()).isZero();
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        String wrongKey = HexFormat.of().formatHex(other);
        Path wrong = dir.resolve("wrong-psk");
        Files.createFile(wrong, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(wrong, "identity=weather-01\nkey=" + wrongKey + "\n");
        Path collectorLog = dir.resolve("collector.log");
        collector = new CollectorProcess(data, collectorLog);
        collector.start();

        Path nodeData = dir.resolve("node");
        Path nodeLog = dir.resolve("node.log");
        node = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Dtinylog.configuration=tinylog.properties",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        "--profile",
                        "simulated-weather-station",
                        "--collector",
                        collector.readingsUri(),
                        "--psk-file",
                        wrong.toString(),
                        "--data-dir",
                        nodeData.toString())
                .redirectErrorStream(true)
                .redirectOutput(nodeLog.toFile())
                .start();
        awaitLine(nodeLog, "Cannot deliver readings", Duration.ofSeconds(90));

        // The status file is rewritten every 5 s: the first one after the failure shows it.
        Cli status = Cli.run("status", "--data-dir", nodeData.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!status.out().contains("DEGRADED") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = Cli.run("status", "--data-dir", nodeData.toString());
        }
        assertThat(status.out())
                .contains("DEGRADED")
                .containsPattern("last error +DTLS handshake with 127\\.0\\.0\\.1:\\d+ failed: .*pre-shared key");

        Path events = data.resolve("security-events.log");
        awaitLine(events, "FN-SEC-3001", Duration.ofSeconds(60));
        node.destroy();
        node.waitFor(30, TimeUnit.SECONDS);

        List<String> nodeLines = Files.readAllLines(nodeLog, StandardCharsets.UTF_8);
        List<String> warnings =
                nodeLines.stream().filter(l -> l.contains("Cannot deliver")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains(" WARN ")
                .contains("refused our pre-shared key")
                .contains("weather-01");
        assertThat(String.join("\n", nodeLines)).doesNotContain(wrongKey).doesNotContain("\tat ");

        assertThat(Files.readAllLines(events, StandardCharsets.UTF_8))
                .anySatisfy(l -> assertThat(l).contains("FN-SEC-3001").contains("weather-01"));
        List<String> collectorLines = Files.readAllLines(collectorLog, StandardCharsets.UTF_8);
        assertThat(collectorLines)
                .filteredOn(l -> l.contains("FN-SEC-3001"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains(" WARN "));
        assertThat(collectorLines).noneMatch(l -> l.contains(" ERROR "));
    }

    private static void awaitLine(Path file, String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)
                    && Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + text + "' in " + file + " within " + limit.toSeconds() + " s: "
                + (Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no file)"));
    }
}
