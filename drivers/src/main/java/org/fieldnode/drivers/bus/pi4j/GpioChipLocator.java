// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a GPIO controller by its label, never by its number: the Pi 5 moved the header's pins from
 * {@code gpiochip0} to {@code gpiochip4} and back between kernel releases, while the label ({@code pinctrl-rp1},
 * {@code pinctrl-bcm2711}, {@code pinctrl-bcm2835}) stays.
 *
 * <p>Labels are read from sysfs below an injectable root, so tests use a fake tree:
 *
 * <ul>
 *   <li>{@code sys/bus/gpio/devices/gpiochipN/label}, where a kernel provides it; the directory name is the chip's
 *       name.
 *   <li>{@code sys/class/gpio/gpiochipB/label} (legacy sysfs, present on Raspberry Pi OS). Here {@code B} is the
 *       chip's first <em>global GPIO number</em> (512, 571, …), not its index, so the chip's name is taken from the
 *       {@code device} link, which points at {@code …/gpiochipN}.
 *   <li>{@code sys/class/gpio/chipN/label} (kernels from 6.17 on): the chip is {@code gpiochipN}.
 * </ul>
 *
 * The result names the character device {@code /dev/gpiochipN} that libgpiod opens.
 */
public final class GpioChipLocator {
    private final Path root;

    /** @param root the directory that holds {@code sys/}: {@code /} on a device, a temporary directory in tests */
    public GpioChipLocator(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Reads the machine's own {@code /sys}. */
    public static GpioChipLocator system() {
        return new GpioChipLocator(Path.of("/"));
    }

    /** A GPIO controller: {@code name} as libgpiod knows it ({@code gpiochip0}) and its {@code label}. */
    public record GpioChip(String name, String label) {
        public GpioChip {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(label, "label");
        }

        /** The character device, e.g. {@code /dev/gpiochip0}. */
        public String devicePath() {
            return "/dev/" + name;
        }
    }

    /** Every chip with a readable label, sorted by name; empty when sysfs shows none. */
    public List<GpioChip> chips() {
        Map<String, GpioChip> byName = new LinkedHashMap<>();
        for (Path dir : list(root.resolve("sys/bus/gpio/devices"), "gpiochip*")) {
            readLabel(dir).ifPresent(label -> byName.putIfAbsent(fileName(dir), new GpioChip(fileName(dir), label)));
        }
        for (Path dir : list(root.resolve("sys/class/gpio"), "{gpiochip,chip}*")) {
            Optional<String> name = legacyChipName(dir);
            Optional<String> label = readLabel(dir);
            if (name.isPresent() && label.isPresent()) {
                byName.putIfAbsent(name.get(), new GpioChip(name.get(), label.get()));
            }
        }
        List<GpioChip> chips = new ArrayList<>(byName.values());
        chips.sort(Comparator.comparing(GpioChip::name, Comparator.comparingInt(String::length))
                .thenComparing(GpioChip::name));
        return chips;
    }

    /** The chip labelled with the first of {@code labels} that any chip carries, trying them in the order given. */
    public Optional<GpioChip> firstOf(List<String> labels) {
        List<GpioChip> chips = chips();
        for (String label : labels) {
            for (GpioChip chip : chips) {
                if (chip.label().equals(label)) {
                    return Optional.of(chip);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code chipN} (new per-chip entry) names {@code gpiochipN}; {@code gpiochipB} (legacy, B = base GPIO
     * number) names whatever its {@code device} link points at.
     */
    private static Optional<String> legacyChipName(Path dir) {
        String entry = fileName(dir);
        if (entry.startsWith("chip")) {
            return Optional.of("gpio" + entry);
        }
        Path device = dir.resolve("device");
        try {
            if (Files.isSymbolicLink(device)) {
                String target = fileName(Files.readSymbolicLink(device));
                if (target.startsWith("gpiochip")) {
                    return Optional.of(target);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> readLabel(Path dir) {
        Path file = dir.resolve("label");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String label = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return label.isEmpty() ? Optional.empty() : Optional.of(label);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> list(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return entries;
    }

    private static String fileName(Path path) {
        return path.getFileName().toString();
    }
}
