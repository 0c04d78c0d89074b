// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 2, at run time: a sensor that passes the profile check but never answers (here a DS18B20 on a
 * 1-Wire line with no probe) shows in {@code fieldnode status} as FAILING with its last error and puts the node in
 * DEGRADED; a {@code run --duration} that sampled nothing exits 1 with one line saying why. Run as a user runs the
 * commands: {@code run} in one thread, {@code status} from another, on a real data directory and a real (empty)
 * sysfs-style 1-Wire tree.
 */
class FailingSensorRunIT {
    @TempDir
    Path dir;

    @Test
    void aSensorThatNeverAnswers_isShownFailingWithItsError_andARunThatSampledNothingExits1() throws Exception {
        Path line = Files.createDirectories(dir.resolve("w1/devices")); // the kernel's w1 tree, no probe on it
        Path profile = Files.writeString(dir.resolve("kit.yaml"), """
                board: my-station
                buses: { w1: { kind: onewire, root: %s } }
                sensors:
                  - { id: soil0, compatible: "maxim,ds18b20", bus: w1, interval: 2s }
                """.formatted(line));
        Path data = dir.resolve("data");
        Path psk = pskFile();

        // The collector is a socket that never answers: nothing is sampled, so nothing should be sent anyway.
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
                    "run",
                    "--profile",
                    profile.toString(),
                    "--collector",
                    "coaps://127.0.0.1:" + silent.getLocalPort() + "/r",
                    "--psk-file",
                    psk.toString(),
                    "--data-dir",
                    data.toString(),
                    "--duration",
                    "9s",
                    "--drain-timeout",
                    "1s"));

            CliRun live = statusOnceItSays("state=DEGRADED", data, Duration.ofSeconds(30));
            CliRun ran = run.get(60, TimeUnit.SECONDS);

            assertThat(live.exitCode).as(live.out).isZero();
            assertThat(live.out)
                    .contains(": DEGRADED, up ")
                    .containsPattern("(?m)^  last error   sensor soil0: \\S.*$")
                    .containsPattern("(?m)^    soil0    maxim,ds18b20 +FAILING since \\S+ \\(\\d+ s, \\d+ failed"
                            + " attempt\\(s\\)\\)$")
                    .containsPattern("(?m)^             last error     \\S.*$")
                    .contains(" failing_sensors=soil0 ");
            String error = live.out
                    .lines()
                    .filter(l -> l.startsWith("             last error"))
                    .findFirst()
                    .orElseThrow()
                    .substring("             last error     ".length());
            assertThat(live.out).contains("  last error   sensor soil0: " + error + "\n");

            assertThat(ran.exitCode).as(ran.err).isEqualTo(Main.EXIT_FAILURE);
            assertThat(ran.out).containsPattern("run: node=\\S+ sampled=0 ");
            assertThat(ran.err.lines().filter(l -> l.startsWith("fieldnode run:")))
                    .singleElement()
                    .asString()
                    .startsWith("fieldnode run: sampled nothing in 9s: soil0 (maxim,ds18b20) failed ")
                    .endsWith(": " + error);
            assertThat(error).isEqualTo("no DS18B20 on the line");
        }
    }

    /** Runs {@code status} until its output contains {@code expected} or {@code bound} has passed. */
    private static CliRun statusOnceItSays(String expected, Path data, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        CliRun status = CliRun.of("status", "--data-dir", data.toString());
        while (!status.out.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200); // the node rewrites its status every 5 s: poll, do not wait a fixed time
            status = CliRun.of("status", "--data-dir", data.toString());
        }
        return status;
    }

    private Path pskFile() throws Exception {
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        Path psk = dir.resolve("psk");
        Files.createFile(psk, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                psk, "identity=fieldnode-failing-sensor\nkey=" + HexFormat.of().formatHex(key) + "\n");
        return psk;
    }
}
