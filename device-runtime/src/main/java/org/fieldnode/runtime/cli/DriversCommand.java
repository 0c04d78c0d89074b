// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.SensorDriverFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode drivers}: every driver found on the class path (the catalogue and the jars of {@code drivers.d/}),
 * with its compatible strings, bus kind, possible addresses and quantities.
 */
@Command(
        name = "drivers",
        mixinStandardHelpOptions = true,
        description = {
            "List every sensor driver found: compatible, bus kind, possible addresses, quantities with units.",
            "Drivers in jars under drivers.d/ (or $FIELDNODE_DRIVERS) are listed too."
        })
public final class DriversCommand implements Callable<Integer> {
    /** The output layouts. */
    enum Format {
        table,
        kv
    }

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (default) or kv: one line of key=value pairs per driver, for scripts.")
    private Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows = new ArrayList<>();
        for (SensorDriverFactory factory : InstalledDrivers.load().factories()) {
            for (String compatible : new TreeSet<>(factory.compatible())) {
                rows.add(new Row(
                        compatible,
                        factory.busKind().profileName(),
                        addresses(factory.addresses()),
                        factory.channels().stream().sorted().toList(),
                        factory.getClass().getName()));
            }
        }
        if (format == Format.kv) {
            for (Row row : rows) {
                out.printf(
                        "compatible=%s bus=%s addresses=%s quantities=%s factory=%s%n",
                        row.compatible(),
                        row.bus(),
                        row.addresses().isEmpty() ? "-" : row.addresses().replace(' ', ','),
                        row.channels().stream()
                                .map(c -> c.quantity() + ":" + c.unit().senml())
                                .collect(Collectors.joining(",")),
                        row.factory());
            }
        } else {
            table(out, rows);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static void table(PrintWriter out, List<Row> rows) {
        int compatibleWidth = Math.max(
                "COMPATIBLE".length(),
                rows.stream().mapToInt(r -> r.compatible().length()).max().orElse(0));
        int addressWidth = Math.max(
                "ADDRESSES".length(),
                rows.stream().mapToInt(r -> r.addresses().length()).max().orElse(0));
        String layout = "%-" + compatibleWidth + "s  %-7s  %-" + addressWidth + "s  %s%n";
        out.printf(layout, "COMPATIBLE", "BUS", "ADDRESSES", "QUANTITIES");
        for (Row row : rows) {
            out.printf(
                    layout,
                    row.compatible(),
                    row.bus(),
                    row.addresses().isEmpty() ? "-" : row.addresses(),
                    row.channels().stream()
                            .map(c -> "%s (%s)".formatted(c.quantity(), c.unit().senml()))
                            .collect(Collectors.joining(", ")));
        }
        out.printf("drivers=%d%n", rows.size());
    }

    /** {@code 0x76 0x77}; runs of three or more consecutive addresses as {@code 0x40-0x4f}. */
    static String addresses(Set<Integer> addresses) {
        List<Integer> sorted = addresses.stream().sorted().toList();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (j - i >= 2) {
                parts.add("0x%02x-0x%02x".formatted(sorted.get(i), sorted.get(j)));
            } else {
                for (int k = i; k <= j; k++) {
                    parts.add("0x%02x".formatted(sorted.get(k)));
                }
            }
            i = j + 1;
        }
        return String.join(" ", parts);
    }

    private record Row(String compatible, String bus, String addresses, List<Channel> channels, String factory) {}
}
