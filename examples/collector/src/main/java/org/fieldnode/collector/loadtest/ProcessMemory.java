// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, from Linux's {@code /proc/self/status}. */
final class ProcessMemory {
    private ProcessMemory() {}

    /** {@code VmRSS} in MiB, or -1 where there is no {@code /proc} (not Linux). */
    static long residentMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:    123456 kB"
                    String kib = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kib) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
