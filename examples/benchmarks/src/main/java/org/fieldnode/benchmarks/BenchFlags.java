// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.util.List;

/** The JVM flags of the measured processes: the launcher's small-device defaults (see BENCHMARKS.md). */
public final class BenchFlags {
    private BenchFlags() {}

    /** Node and floor client alike. */
    public static List<String> node() {
        return List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss512k",
                "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED");
    }
}
