// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;

/**
 * The node's own health as readings of the pseudo-sensor {@code health}, queued and delivered like any others
 * (so a health report is numbered, never lost and never counted twice): queue depth, dropped readings, state,
 * uptime, CPU temperature and free storage. The collector keeps the latest of each in its device list. (A battery
 * measured by an INA219 already arrives as that sensor's own {@code voltage} series.)
 */
final class NodeHealth {
    static final String SENSOR_ID = "health";

    private final Path root;
    private final Optional<Path> storage;

    /**
     * @param root the file-system root for {@code /sys/class/thermal} (a fake tree in tests)
     * @param storage where the node keeps its data, for free space; empty when it keeps none
     */
    NodeHealth(Path root, Optional<Path> storage) {
        this.root = root;
        this.storage = storage;
    }

    /** A snapshot of the node's counters. */
    record Figures(long queued, long dropped, boolean degraded, long uptimeSeconds) {}

    List<Reading> readings(Figures f, Instant now, long monotonicNanos, TimeQuality quality) {
        List<Reading> readings = new ArrayList<>(7);
        add(readings, Channel.QUEUED, f.queued(), now, monotonicNanos, quality);
        add(readings, Channel.DROPPED, f.dropped(), now, monotonicNanos, quality);
        add(readings, Channel.STATE, f.degraded() ? 1 : 0, now, monotonicNanos, quality);
        add(readings, Channel.UPTIME, f.uptimeSeconds(), now, monotonicNanos, quality);
        cpuCelsius().ifPresent(c -> add(readings, Channel.AMBIENT_TEMPERATURE, c, now, monotonicNanos, quality));
        freeBytes().ifPresent(b -> add(readings, Channel.STORAGE_FREE, b, now, monotonicNanos, quality));
        return readings;
    }

    private static void add(
            List<Reading> readings, Channel channel, double value, Instant now, long mono, TimeQuality quality) {
        readings.add(new Reading(SENSOR_ID, channel, value, mono, now, quality));
    }

    /** The SoC temperature the kernel reports in milli-degrees (thermal_zone0 is the CPU on every Pi). */
    private OptionalDouble cpuCelsius() {
        Path file = root.resolve("sys/class/thermal/thermal_zone0/temp");
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return OptionalDouble.of(Long.parseLong(text) / 1000.0);
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private OptionalDouble freeBytes() {
        if (storage.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Files.getFileStore(storage.get()).getUsableSpace());
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }
}
