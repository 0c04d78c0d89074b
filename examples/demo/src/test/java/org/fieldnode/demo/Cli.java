// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.fieldnode.runtime.cli.Main;
import picocli.CommandLine;

/** The {@code fieldnode} command tree run in-process, with its exit code and what it printed. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
