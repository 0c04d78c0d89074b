// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.export.CsvExport;
import org.fieldnode.collector.export.JsonExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode collector export}: stored readings as CSV or SenML JSON on standard output. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write stored readings to standard output as CSV (for a spreadsheet) or SenML JSON.",
            "CSV: one row per device and observation time, one column per series with its unit in",
            "the header, e.g. time,device,env0/temperature [Cel]; times in ISO 8601 UTC; RFC 4180.",
            "JSON: a SenML pack (RFC 8428) with the node's base name, times in seconds since 1970,",
            "each value in its own field (v, vs, vb, vd, s), the sequence number as \"seq\" and a time",
            "not read off a synchronised clock marked \"tq\" (unsynced, relative, receipt).",
            "Reads while a collector serves the same directory. Prints export: readings=N to stderr.",
            "Exit codes: 0 ok, 1 failure, 2 bad option or no store in the data directory."
        })
final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirectoryOption dataDirectory;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            description = "Only this device's readings: a node id, PSK identity or device name.")
    private String device;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Readings observed at or after TIME: 2026-03-01T12:00:00Z or 2026-03-01 (UTC).")
    private String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "Readings observed before TIME (same forms as --since).")
    private String until;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv or json (required).")
    private String format;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return export(err);
        } catch (UserError e) {
            err.println("fieldnode collector export: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            err.println("fieldnode collector export: failed: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("fieldnode collector export: failed to write: " + e.getMessage());
            return 1;
        }
    }

    private int export(PrintWriter err) throws UserError, IOException {
        if (format == null || !(format.equals("csv") || format.equals("json"))) {
            throw new UserError("--format expects csv or json" + (format == null ? "" : ", got '" + format + "'"));
        }
        Optional<Instant> from = since == null ? Optional.empty() : Optional.of(Arguments.time("--since", since));
        Optional<Instant> to = until == null ? Optional.empty() : Optional.of(Arguments.time("--until", until));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new UserError("--since " + since + " is not before --until " + until);
        }
        Optional<String> only = Optional.empty();
        if (device != null) {
            try {
                only = Optional.of(DeviceNames.reportingIdentity(dataDirectory.path(), device));
            } catch (StoreException e) {
                throw new UserError(e.getMessage());
            }
        }
        ReadingFilter filter = new ReadingFilter(only, from, to);
        try (StoreFiles files = StoreFiles.forQueries(dataDirectory.path())) {
            ReadingStore store = files.store();
            Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
            long written =
                    format.equals("csv") ? CsvExport.write(store, filter, out) : JsonExport.write(store, filter, out);
            out.flush();
            err.println("export: readings=" + written + " format=" + format);
            return 0;
        }
    }
}
