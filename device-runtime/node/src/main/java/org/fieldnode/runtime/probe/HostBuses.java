// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The buses a Linux machine offers, found in {@code /dev} and {@code /sys} below an injectable root (so tests use a
 * fake tree): I2C adapters {@code /dev/i2c-N}, DS18B20 probes {@code /sys/bus/w1/devices/28-*}, serial ports
 * {@code /dev/serial*}, {@code /dev/ttyAMA*} and {@code /dev/ttyUSB*}.
 */
public final class HostBuses {
    private static final Pattern I2C = Pattern.compile("i2c-(\\d+)");
    private static final Pattern W1_THERMOMETER = Pattern.compile("28-[0-9a-f]{12}");
    private static final Pattern SERIAL = Pattern.compile("serial\\d+|ttyAMA\\d+|ttyUSB\\d+");

    private final Path root;

    /** @param root {@code /} on a real machine */
    public HostBuses(Path root) {
        this.root = root;
    }

    /** I2C adapters by bus number, e.g. 1 → {@code /dev/i2c-1}. */
    public TreeMap<Integer, Path> i2cAdapters() {
        TreeMap<Integer, Path> adapters = new TreeMap<>();
        for (Path p : list(root.resolve("dev"))) {
            Matcher m = I2C.matcher(p.getFileName().toString());
            if (m.matches()) {
                adapters.put(Integer.parseInt(m.group(1)), p);
            }
        }
        return adapters;
    }

    /** Why this user cannot use {@code adapter}, if it cannot. */
    public static Optional<String> accessProblem(Path adapter) {
        if (Files.isReadable(adapter) && Files.isWritable(adapter)) {
            return Optional.empty();
        }
        return Optional.of("not readable and writable by this user (add it to the i2c group)");
    }

    /** The 1-Wire devices directory. */
    public Path w1Devices() {
        return root.resolve("sys/bus/w1/devices");
    }

    /** DS18B20 ids listed by the kernel's w1 driver, sorted. */
    public List<String> w1Thermometers() {
        List<String> ids = new ArrayList<>();
        for (Path p : list(w1Devices())) {
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (W1_THERMOMETER.matcher(name).matches()) {
                ids.add(name);
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Serial ports, sorted by path. */
    public List<Path> serialPorts() {
        List<Path> ports = new ArrayList<>();
        for (Path p : list(root.resolve("dev"))) {
            if (SERIAL.matcher(p.getFileName().toString()).matches()) {
                ports.add(p);
            }
        }
        ports.sort(null);
        return ports;
    }

    /** The device path as the node will see it: {@code /dev/serial0}, not the fake root's. */
    public String devicePath(Path p) {
        return "/" + root.relativize(p).toString().replace('\\', '/');
    }

    private static List<Path> list(Path dir) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            // an unreadable directory lists nothing, as an absent one does
        }
        return entries;
    }
}
