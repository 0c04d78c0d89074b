// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 20: while a node cannot deliver, {@code status} says since when and why. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private int status() {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        return cli.execute("status", "--data-dir", dir.toString());
    }

    private void writeStatus(String delivery, String since) throws Exception {
        Instant now = Instant.now();
        Files.writeString(dir.resolve("status"), """
                node=fieldnode-0123456789abcdef
                pid=%d
                process=running
                state=DEGRADED
                profile=simulated-weather-station
                started=%s
                updated=%s
                sampled=40
                acknowledged=10
                queued=30
                dropped=0
                last_report=%s
                last_error=no CoAP answer from 127.0.0.1:5684 within 30 s; the collector may be down or overloaded
                delivery=%s
                undelivered_since=%s
                """.formatted(
                ProcessHandle.current().pid(), now.minusSeconds(600), now, now.minusSeconds(300), delivery, since));
    }

    @Test
    void undeliverable_showsWhyAndSinceWhen_inTheTextAndTheSummaryLine() throws Exception {
        String since = Instant.now().minusSeconds(290).toString();
        writeStatus("no_answer", since);

        assertThat(status()).isZero();

        assertThat(out.toString())
                .contains("  delivery     no_answer since " + since + " (4 min)\n")
                .contains(" delivery=no_answer undelivered_since=" + since + "\n");
    }

    /** Issue 15 item 2: a failing sensor shows with since when, how often, and its last error. */
    @Test
    void aFailingSensor_showsItsLastError_underItsLine_andInTheSummary() throws Exception {
        writeStatus("ok", "none");
        String since = Instant.now().minusSeconds(90).toString();
        Files.writeString(dir.resolve("status"), """
                sensor.env0.compatible=bosch,bme280
                sensor.env0.health=FAILING
                sensor.env0.last_error=chip id 0x58, expected 0x60
                sensor.env0.failing_since=%s
                sensor.env0.failures=7
                sensor.rain0.compatible=fieldnode,pulse-counter
                sensor.rain0.health=OK
                sensor.rain0.rain=0.2794 mm at 2026-03-01T12:00:00Z
                """.formatted(since), java.nio.file.StandardOpenOption.APPEND);

        assertThat(status()).isZero();

        assertThat(out.toString())
                .contains(
                        "    env0     bosch,bme280           FAILING since " + since + " (90 s, 7 failed attempt(s))\n"
                                + "             last error     chip id 0x58, expected 0x60\n"
                                + "    rain0    fieldnode,pulse-counter OK\n"
                                + "             rain           0.2794 mm at 2026-03-01T12:00:00Z\n")
                .contains(" failing_sensors=env0 identity=");
    }

    @Test
    void delivering_showsOk() throws Exception {
        writeStatus("ok", "none");

        assertThat(status()).isZero();

        assertThat(out.toString()).contains("  delivery     ok\n").contains(" delivery=ok undelivered_since=none\n");
    }
}
