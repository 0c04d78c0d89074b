// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code fieldnode collector loadtest} refuses out-of-bounds options with one line and exit 2, starting nothing. */
class LoadtestCliTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--nodes 0 | --nodes must be 1..10000, got 0",
                "--nodes 10001 | --nodes must be 1..10000, got 10001",
                "--duration 2h | --duration must be more than 0 and at most 1h, got 2h",
                "--rate 0 | --rate must be 0.1..5000 reports per second, got 0.0",
                "--readings 65 | --readings must be 1..64, got 65",
                "--crash-at 30s | --crash-at plus --down must end before --duration, got 30s + 5s >= 30s",
                "--crash-at 0s | --crash-at must be more than 0 and --down at least 0"
            })
    void outOfBounds_exits2WithOneLine(String args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CollectorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] command = ("collector loadtest " + args).split(" ");

        assertThat(cli.execute(command)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("fieldnode collector loadtest: " + message + "\n");
        assertThat(out.toString()).isEmpty();
    }
}
