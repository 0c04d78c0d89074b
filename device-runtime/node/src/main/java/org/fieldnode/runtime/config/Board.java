// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A board a profile runs on ({@code boards/<name>.yaml}, devicetree style): what the kernel offers on it and how its
 * 40-pin header is wired. Kit profiles name it with {@code board: <compatible>}; the loader then checks the kit's
 * buses and GPIO lines against it, {@code fieldnode doctor} checks the running machine against it, and the packaged
 * launcher's heap table follows {@link #recommendedHeapMib}.
 *
 * @param compatible devicetree-style {@code vendor,model}, e.g. {@code raspberrypi,4b}
 * @param model the start of {@code /proc/device-tree/model} on this board, e.g. {@code Raspberry Pi 4 Model B}
 * @param soc the system on chip, e.g. {@code bcm2711}
 * @param cores CPU cores
 * @param ramMib the memory sizes the board is sold with, smallest first
 * @param gpioChipLabel the label of the gpiochip that drives the header, e.g. {@code pinctrl-bcm2711}
 * @param buses the buses the header's pins can carry, by the name the board file gives them
 * @param header the 40-pin header, physical pin 1 to 40
 */
public record Board(
        String compatible,
        String model,
        String soc,
        int cores,
        List<Integer> ramMib,
        String gpioChipLabel,
        Map<String, BoardBus> buses,
        List<HeaderPin> header) {
    public Board {
        Objects.requireNonNull(compatible, "compatible");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(soc, "soc");
        ramMib = List.copyOf(ramMib);
        Objects.requireNonNull(gpioChipLabel, "gpioChipLabel");
        buses = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buses));
        header = List.copyOf(header);
    }

    /** The header pin wired to GPIO {@code line}, if the header has one. */
    public Optional<HeaderPin> pinOfLine(int line) {
        return header.stream()
                .filter(p -> p.gpio().isPresent() && p.gpio().getAsInt() == line)
                .findFirst();
    }

    /** The board bus of {@code kind} with Linux bus number {@code number} ({@code i2c}, {@code spi}). */
    public Optional<BoardBus> bus(String kind, int number) {
        return buses.values().stream()
                .filter(b -> b.kind().equals(kind) && b.number() == number)
                .findFirst();
    }

    /** The board bus whose device is {@code device} ({@code uart} by {@code /dev/serial0}, {@code onewire}). */
    public Optional<BoardBus> busWithDevice(String kind, String device) {
        return buses.values().stream()
                .filter(b -> b.kind().equals(kind) && b.device().equals(device))
                .findFirst();
    }

    /** The smallest memory the board is sold with. */
    public int smallestRamMib() {
        return ramMib.get(0);
    }

    /**
     * The maximum Java heap the node should run with on a machine with {@code totalRamMib} of memory: an eighth of
     * it, between 64 MiB and 256 MiB. A node needs about 40 MiB of heap (BENCHMARKS.md); the rest of the memory
     * stays with the page cache that keeps the SD card's writes cheap. The packaged launcher ({@code /usr/bin/
     * fieldnode}) applies the same table to {@code MemTotal} of {@code /proc/meminfo}.
     */
    public static int recommendedHeapMib(long totalRamMib) {
        return (int) Math.clamp(totalRamMib / 8, 64, 256);
    }
}
