// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.DurationConverter;
import org.fieldnode.cli.FieldnodeSubcommand;
import org.fieldnode.protocol.senml.SenmlFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode demo}: a simulated weather station reporting to a local collector, then a summary. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run a simulated weather station against a local collector, then print a summary.",
            "Starts a collector with its CA on a free loopback UDP port, issues a provisioning bundle, and",
            "starts one node on the built-in profile simulated-weather-station (a simulated BME280) in",
            "BOOTSTRAP with it: the node enrols over EST-coaps with the bundle's one-time PSK, then reports",
            "over CoAP/DTLS 1.2 with its certificate. Prints the enrolment as one line,",
            "  enrolment: node=ID state=OK certificate=CN=ID ca=sha256:HEX in_ms=N",
            "then each reading the collector stores, then one summary line:",
            "  demo: sampled=N sent=N acknowledged=N stored=N",
            "Exits 0 when the node enrolled, readings were stored and every acknowledged reading was stored.",
            "With --protocol lwm2m the enrolled node reports instead to Eclipse Leshan's LwM2M server, started",
            "in process with the collector's certificate: it registers with its certificate and sends its",
            "readings through LwM2M 1.1 Send (SenML-CBOR); stored= counts the values the Leshan server received.",
            "Needs no hardware, no root and no network beyond loopback."
        })
public final class DemoCommand implements Callable<Integer>, FieldnodeSubcommand {
    /** The log file's name in {@code --data-dir}. */
    static final String LOG_NAME = "demo.log";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "How long the node samples, e.g. 15s or 2m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "cbor",
            description =
                    "SenML encoding on the wire: cbor (content-format 112) or json (110); default ${DEFAULT-VALUE}.")
    private String format;

    @Option(
            names = "--profile",
            paramLabel = "PROFILE",
            defaultValue = Demo.PROFILE,
            description = "A profile whose buses are all simulated (default: ${DEFAULT-VALUE}).")
    private String profile;

    @Option(
            names = "--protocol",
            paramLabel = "PROTOCOL",
            defaultValue = "coap",
            description =
                    "Where the node reports: coap (the collector, default) or lwm2m (an in-process Leshan server).")
    private String protocol;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = {
                "Keep the demo's files in DIR: collector/ (collector.db, enrolment.db, ca/) and node/ (keystore,",
                "wrapping key, node id, security state). Default: a temporary directory, deleted at the end."
            })
    private Path dataDir;

    @Option(
            names = "--verbose",
            description = "Show the collector's and the node's log lines here; without it they go to a log file, named"
                    + " at the end.")
    private boolean verbose;

    @Override
    public Integer call() throws Exception {
        SenmlFormat senml = switch (format) {
            case "cbor" -> SenmlFormat.CBOR;
            case "json" -> SenmlFormat.JSON;
            default ->
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--format must be cbor or json, got '" + format + "'");
        };
        if (duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--duration must be between 1s and 24h");
        }
        Demo.Protocol to = switch (protocol) {
            case "coap" -> Demo.Protocol.COAP;
            case "lwm2m" -> Demo.Protocol.LWM2M;
            default ->
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--protocol must be coap or lwm2m, got '" + protocol + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        // A quiet console (issue 15): the enrolment line, a line per stored reading and the summary; the log lines of
        // the collector and the node (tinylog's console writer, Californium through SLF4J) go to a file instead.
        PrintStream console = System.err;
        Path log = null;
        PrintStream logFile = null;
        if (!verbose) {
            log = dataDir != null
                    ? Files.createDirectories(dataDir).resolve(LOG_NAME)
                    : Files.createTempFile("fieldnode-demo-", ".log");
            logFile = new PrintStream(
                    Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    true,
                    StandardCharsets.UTF_8);
            System.setErr(logFile);
        }
        Demo.Result result;
        try {
            result = new Demo(profile, senml, duration, out, Optional.ofNullable(dataDir), to).run();
        } finally {
            if (logFile != null) {
                System.setErr(console);
                logFile.close();
            }
        }
        out.println(result.summary());
        out.flush();
        if (log != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("demo: log lines are in " + log + " (--verbose shows them here)");
            err.flush();
        }
        return result.consistent() ? 0 : 1;
    }
}
