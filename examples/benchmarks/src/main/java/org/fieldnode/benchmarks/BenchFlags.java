// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.util.List;

/**
 * The JVM flags of the measured processes: those of the node package's launcher on a Pi Zero 2 W (512 MiB: a 64 MiB
 * heap), with the initial heap such a board gets by default (1/64 of its memory, 8 MiB) made explicit, so that a
 * bench machine with gigabytes does not start the JVM with a large young generation. Measured (node footprint part,
 * medians of 3): steady RSS ratio to the bare client 1.34 with {@code -Xmx256m}, 1.15 with {@code -Xmx64m}, 1.14
 * with {@code -Xms8m -Xmx64m} (node 74 MiB, floor 65 MiB). See BENCHMARKS.md.
 */
public final class BenchFlags {
    private BenchFlags() {}

    /** Node and floor client alike. */
    public static List<String> node() {
        return List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss512k",
                "-Xms8m",
                "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED");
    }
}
