// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 6: a quiet, readable console. {@code fieldnode demo} prints the enrolment line, a line per stored
 * reading and the summary, and its log lines go to a file named at the end unless {@code --verbose}; {@code run} prints
 * its summary on SIGTERM too; IPv6 addresses are printed in brackets; {@code profile show} takes a board's compatible
 * as {@code profile list} prints it. Each runs as a user runs it: a process of its own with the product's log set-up.
 */
class DemoConsoleIT {
    /** What a tinylog line on the console starts with (tinylog.properties: time, level). */
    private static final Pattern LOG_LINE =
            Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR)\\b.*");

    @TempDir
    Path dir;

    @Test
    void demo_printsEnrolmentReadingsAndSummaryOnly_andNamesItsLogFile() throws Exception {
        Path data = dir.resolve("demo-data");
        Run demo = fieldnode(List.of("demo", "--duration", "6s", "--data-dir", data.toString()), Duration.ofMinutes(3));

        assertThat(demo.code()).as(demo.err()).isZero();
        List<String> out = demo.out().lines().toList();
        assertThat(out.get(0)).startsWith("enrolment: node=fieldnode-").contains(" state=OK ");
        assertThat(out.get(out.size() - 1)).startsWith("demo: sampled=");
        assertThat(out.subList(1, out.size() - 1)).isNotEmpty().allMatch(l -> l.startsWith("reading "));
        Path log = data.resolve("demo.log");
        assertThat(demo.err()).isEqualTo("demo: log lines are in " + log + " (--verbose shows them here)\n");
        assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
                .anyMatch(l -> LOG_LINE.matcher(l).matches());
    }

    @Test
    void demoVerbose_showsTheLogLinesOnTheConsole() throws Exception {
        Run demo = fieldnode(List.of("demo", "--duration", "3s", "--verbose"), Duration.ofMinutes(3));

        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.err().lines()).anyMatch(l -> LOG_LINE.matcher(l).matches());
        assertThat(demo.err()).doesNotContain("log lines are in");
    }

    @Test
    void run_printsItsSummaryOnSigterm() throws Exception {
        Path psk = dir.resolve("psk");
        Files.createFile(psk, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(psk, "identity=weather-01\nkey=" + HexFormat.of().formatHex(new byte[16]) + "\n");
        Path data = dir.resolve("node");
        Path out = dir.resolve("run.out");
        Process run = start(
                List.of(
                        "run",
                        "--profile",
                        "simulated-weather-station",
                        "--collector",
                        "coaps://127.0.0.1:9/r",
                        "--psk-file",
                        psk.toString(),
                        "--data-dir",
                        data.toString(),
                        "--drain-timeout",
                        "1s"),
                out,
                dir.resolve("run.err"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline
                    && StatusFile.read(data)
                            .map(s -> !Long.toString(run.pid()).equals(s.get("pid")))
                            .orElse(true)) {
                Thread.sleep(200);
            }
            run.destroy(); // SIGTERM
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            run.destroyForcibly();
        }
        assertThat(Files.readString(out, StandardCharsets.UTF_8))
                .startsWith("run: node=fieldnode-")
                .contains(" sampled=");
    }

    @Test
    void ipv6Addresses_arePrintedInBrackets() throws Exception {
        assumeThat(ipv6Loopback()).as("this machine has an IPv6 loopback").isTrue();
        Path data = Files.createDirectory(dir.resolve("collector-data"));
        Path out = dir.resolve("serve.out");
        Process serve = start(
                List.of("collector", "serve", "--data-dir", data.toString(), "--bind", "[::1]:0"),
                out,
                dir.resolve("serve.err"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && serve.isAlive()
                    && !Files.readString(out, StandardCharsets.UTF_8).contains("collector: ")) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(out, StandardCharsets.UTF_8)).containsPattern("collector: coaps=\\[::1]:\\d+ ");
        } finally {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
            serve.destroyForcibly();
        }
    }

    @Test
    void profileShow_takesABoardsCompatible_asProfileListPrintsIt() {
        Cli list = Cli.run("profile", "list");
        assertThat(list.out()).contains("board raspberrypi,4b ");

        Cli show = Cli.run("profile", "show", "raspberrypi,4b");

        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("compatible: raspberrypi,4b");
        assertThat(show.out())
                .isEqualTo(Cli.run("profile", "show", "board/rpi-4b").out());
    }

    private static boolean ipv6Loopback() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return s.getLocalPort() > 0;
        } catch (SocketException | java.net.UnknownHostException e) {
            return false;
        }
    }

    record Run(int code, String out, String err) {}

    private Run fieldnode(List<String> args, Duration limit) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = start(args, out, err);
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fieldnode " + args + " did not end within " + limit);
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code fieldnode ARGS} in a JVM of its own with the product's log set-up, as the launcher starts it. */
    private static Process start(List<String> args, Path out, Path err) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dtinylog.configuration=tinylog.properties",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }
}
