// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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

    /** {@code collector enrolment issue DEVICE} into {@code bundle} for a collector on loopback {@code at}. */
    static Cli issueBundle(String device, Path bundle, InetSocketAddress at, Path collectorData) {
        return run(
                "collector",
                "enrolment",
                "issue",
                device,
                "--out",
                bundle.toString(),
                "--collector",
                "coaps://127.0.0.1:" + at.getPort(),
                "--allow-loopback",
                "--data-dir",
                collectorData.toString());
    }
}
