// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.runtime.sampling.DriverJars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode drivers}: every driver found (the catalogue and the trusted jars of {@code drivers.d/}), with its
 * compatible strings, the bus kinds it works on, possible addresses and quantities, the personal ones marked (SECURITY R21); then every
 * jar of {@code drivers.d/} with its SHA-256 and whether it was loaded, and why not ({@link DriverJars}).
 */
@Command(
        name = "drivers",
        mixinStandardHelpOptions = true,
        description = {
            "List every sensor driver found: compatible, bus kinds, possible addresses, quantities with units; a",
            "quantity that can be personal (presence, sound level, location) is marked: the node keeps it only when",
            "the profile says personal: [quantity]. Then each jar of drivers.d/ (or $FIELDNODE_DRIVERS) with its",
            "SHA-256 and whether it was loaded: only jars owned by root and writable by nobody else are."
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
            description = "table (default) or kv: one line of key=value pairs per driver and per jar, for scripts.")
    private Format format;

    @Option(
            names = "--drivers-dir",
            paramLabel = "DIR",
            description = "Check and list the driver jars of DIR instead of the launcher's drivers.d/.")
    private Path driversDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DriverJars jars = driversDir == null
                ? DriverJars.installed()
                : DriverJars.scan(driversDir, owners(), DriversCommand.class.getClassLoader());
        List<Row> rows = new ArrayList<>();
        for (SensorDriverFactory factory : InstalledDrivers.load(jars).factories()) {
            for (String compatible : new TreeSet<>(factory.compatible())) {
                rows.add(new Row(
                        compatible,
                        buses(factory),
                        addresses(factory.addresses()),
                        factory.channels().stream().sorted().toList(),
                        factory.personalChannels(),
                        factory.getClass().getName()));
            }
        }
        if (format == Format.kv) {
            for (Row row : rows) {
                out.printf(
                        "compatible=%s bus=%s addresses=%s quantities=%s factory=%s personal=%s%n",
                        row.compatible(),
                        row.bus(),
                        row.addresses().isEmpty() ? "-" : row.addresses().replace(' ', ','),
                        row.channels().stream()
                                .map(c -> c.quantity() + ":" + c.unit().senml())
                                .collect(Collectors.joining(",")),
                        row.factory(),
                        row.personal().isEmpty()
                                ? "-"
                                : row.channels().stream()
                                        .filter(row.personal()::contains)
                                        .map(Channel::quantity)
                                        .collect(Collectors.joining(",")));
            }
            for (DriverJars.Jar jar : jars.jars()) {
                out.printf(
                        "jar=%s state=%s sha256=%s%s%n",
                        jar.file(),
                        jar.loaded() ? "loaded" : "refused",
                        sha256(jar),
                        jar.refusal().map(r -> " reason=\"" + r + "\"").orElse(""));
            }
        } else {
            table(out, rows);
            jarTable(out, jars);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static DriverJars.Owners owners() {
        return "root-or-self".equals(System.getProperty(DriverJars.OWNERS_PROPERTY))
                ? DriverJars.Owners.ROOT_OR_SELF
                : DriverJars.Owners.ROOT;
    }

    private static String sha256(DriverJars.Jar jar) {
        try {
            return jar.sha256();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static void table(PrintWriter out, List<Row> rows) {
        int compatibleWidth = Math.max(
                "COMPATIBLE".length(),
                rows.stream().mapToInt(r -> r.compatible().length()).max().orElse(0));
        int addressWidth = Math.max(
                "ADDRESSES".length(),
                rows.stream().mapToInt(r -> r.addresses().length()).max().orElse(0));
        int busWidth = Math.max(
                "BUS".length(),
                rows.stream().mapToInt(r -> r.bus().length()).max().orElse(0));
        String layout = "%-" + compatibleWidth + "s  %-" + busWidth + "s  %-" + addressWidth + "s  %s%n";
        out.printf(layout, "COMPATIBLE", "BUS", "ADDRESSES", "QUANTITIES");
        for (Row row : rows) {
            out.printf(
                    layout,
                    row.compatible(),
                    row.bus(),
                    row.addresses().isEmpty() ? "-" : row.addresses(),
                    row.channels().stream()
                            .map(c -> "%s (%s%s)"
                                    .formatted(
                                            c.quantity(),
                                            c.unit().senml(),
                                            row.personal().contains(c) ? ", personal" : ""))
                            .collect(Collectors.joining(", ")));
        }
        out.printf("drivers=%d%n", rows.size());
    }

    /** The jars of drivers.d, when there are any: state, SHA-256, file, and why a refused one was refused. */
    private static void jarTable(PrintWriter out, DriverJars jars) {
        if (jars.jars().isEmpty()) {
            return;
        }
        out.println();
        out.printf("%-7s  %-64s  %s%n", "STATE", "SHA-256", "JAR");
        for (DriverJars.Jar jar : jars.jars()) {
            out.printf(
                    "%-7s  %-64s  %s%s%n",
                    jar.loaded() ? "loaded" : "refused",
                    sha256(jar),
                    jar.file(),
                    jar.refusal().map(r -> " (" + r + ")").orElse(""));
        }
        long loaded = jars.jars().stream().filter(DriverJars.Jar::loaded).count();
        out.printf(
                "jars=%d loaded=%d refused=%d%n",
                jars.jars().size(), loaded, jars.jars().size() - loaded);
    }

    /**
     * Every bus kind the driver opens, its usual one first: {@code i2c,spi} for a BME280, whose profile may put it on
     * either (the profile check refuses the others).
     */
    static String buses(SensorDriverFactory factory) {
        List<String> kinds = new ArrayList<>(List.of(factory.busKind().profileName()));
        factory.busKinds().stream()
                .map(BusKind::profileName)
                .filter(k -> !kinds.contains(k))
                .sorted()
                .forEach(kinds::add);
        return String.join(",", kinds);
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

    private record Row(
            String compatible,
            String bus,
            String addresses,
            List<Channel> channels,
            Set<Channel> personal,
            String factory) {}
}
