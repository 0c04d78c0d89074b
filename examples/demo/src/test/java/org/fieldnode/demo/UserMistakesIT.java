// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 3: every user mistake or environment problem is one sentence, no stack trace, exit 1 or 2. Each case
 * runs the command as a user types it — in a process of its own where a second process is the point (a node
 * started twice) or where the launcher's drivers.d settings matter — and checks what the user sees.
 */
class UserMistakesIT {
    @TempDir
    Path dir;

    @Test
    void collectorPortInUse_isOneSentenceNamingThePort_exit2() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();

            Cli serve = Cli.run(
                    "collector", "serve", "--data-dir", dir.resolve("c").toString(), "--bind", "127.0.0.1:" + port);

            assertThat(serve.code()).isEqualTo(2);
            assertThat(serve.err())
                    .isEqualTo("fieldnode collector serve: UDP port " + port + " on 127.0.0.1 is in use by another"
                            + " program (another collector?); stop it or give --bind HOST:PORT with a free port\n");
        }
    }

    @Test
    void aNodeStartedTwiceOnOneDataDirectory_isRefusedInOneSentence_exit2() throws Exception {
        Path data = dir.resolve("node");
        Path psk = pskFile();
        List<String> args = List.of(
                "run",
                "--profile",
                "simulated-weather-station",
                "--collector",
                "coaps://127.0.0.1:9/r",
                "--psk-file",
                psk.toString(),
                "--data-dir",
                data.toString(),
                "--duration",
                "60s");
        Path firstLog = dir.resolve("first.log");
        Process first = fieldnode(args, firstLog, List.of());
        try {
            awaitStatus(data, first, firstLog);
            Path secondLog = dir.resolve("second.log");
            Process second = fieldnode(args, secondLog, List.of());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String seen = Files.readString(secondLog);
            assertThat(second.exitValue()).as(seen).isEqualTo(2);
            assertThat(seen.lines().reduce((a, b) -> b).orElse(""))
                    .isEqualTo("fieldnode run: another node runs on " + data + " (pid " + first.pid()
                            + "); stop it first, or give this one its own --data-dir");
            assertThat(seen).doesNotContain("\tat ").doesNotContain("Exception");
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokenJarInDriversD_costsOneLineNamingIt_andEveryCommandGoesOn() throws Exception {
        Path drivers = Files.createDirectory(dir.resolve("drivers.d"));
        Files.setPosixFilePermissions(drivers, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path garbage = drivers.resolve("garbage.jar");
        Files.write(garbage, "not a zip file at all".getBytes(StandardCharsets.US_ASCII));
        Path hollow = drivers.resolve("hollow.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(hollow))) {
            jar.putNextEntry(new JarEntry("META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory"));
            jar.write("com.example.NoSuchFactory\n".getBytes(StandardCharsets.US_ASCII));
            jar.closeEntry();
        }
        for (Path jar : List.of(garbage, hollow)) {
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path log = dir.resolve("drivers.log");
        Process drivers1 = fieldnode(
                List.of("drivers"),
                log,
                List.of("-Dfieldnode.drivers=" + drivers, "-Dfieldnode.drivers.owners=root-or-self"));
        assertThat(drivers1.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String seen = Files.readString(log);
        assertThat(drivers1.exitValue()).as(seen).isZero();
        assertThat(seen)
                .contains("bosch,bme280")
                .doesNotContain("ServiceConfigurationError")
                .doesNotContain("\tat ");
        List<String> warnings = seen.lines().filter(l -> l.contains("WARN")).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("Driver jar " + garbage + " not loaded: not a readable jar");
        assertThat(warnings.get(1))
                .contains("Driver jar " + hollow + " not loaded: it declares the provider com.example.NoSuchFactory");
    }

    @Test
    void aHardwareKitOnAMachineWithoutI2c_saysWhatIsMissing_exit2() {
        assumeThat(Path.of("/dev/i2c-1")).as("this machine has I2C").doesNotExist();

        Cli run = Cli.run(
                "run",
                "--profile",
                "weather-station",
                "--collector",
                "coaps://127.0.0.1:9/r",
                "--data-dir",
                dir.resolve("node").toString(),
                "--duration",
                "5s");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("fieldnode run: this machine has no /dev/i2c-1 (bus i2c1), which ")
                .contains("enable I2C (sudo raspi-config nonint do_i2c 0")
                .contains("run a simulated profile instead")
                .hasLineCount(1);
        assertThat(dir.resolve("node")).doesNotExist();
    }

    @Test
    void anUnknownCommand_isAnError_evenWithHelp_exit2() {
        Cli help = Cli.run("upgrade", "--help");

        assertThat(help.code()).isEqualTo(2);
        assertThat(help.out()).isEmpty();
        assertThat(help.err()).startsWith("fieldnode: unknown command 'upgrade'\n");

        assertThat(Cli.run("upgrade").code()).isEqualTo(2);
        assertThat(Cli.run("collector", "nonsense", "--help").code()).isEqualTo(2);
        assertThat(Cli.run("run", "--help").code()).as("a command that exists").isZero();
    }

    private Path pskFile() throws IOException {
        Path psk = dir.resolve("psk");
        Files.createFile(psk, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                psk,
                "identity=fieldnode-0123456789abcdef\nkey=" + HexFormat.of().formatHex(new byte[16]) + "\n");
        return psk;
    }

    /** {@code fieldnode ARGS} in a JVM of its own, with the product's log set-up, output (both streams) to {@code log}. */
    private static Process fieldnode(List<String> args, Path log, List<String> properties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dtinylog.configuration=tinylog.properties");
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the node's status file names its process: it runs. */
    private static void awaitStatus(Path data, Process node, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && node.isAlive()) {
            var status = StatusFile.read(data);
            if (status.isPresent()
                    && Long.toString(node.pid()).equals(status.get().get("pid"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the first node did not start: " + Files.readString(log));
    }
}
