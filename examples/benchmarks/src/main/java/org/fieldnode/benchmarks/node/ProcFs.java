// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux tells about a running process in {@code /proc} (proc(5)): resident memory from {@code
 * /proc/<pid>/status} and CPU time from {@code /proc/<pid>/stat}. The same public figures {@code /usr/bin/time -v}
 * and {@code top} show, read for any process, fieldnode or floor alike.
 */
final class ProcFs {
    /**
     * Clock ticks per second of {@code utime}/{@code stime}: {@code sysconf(_SC_CLK_TCK)}, 100 on every Linux
     * architecture fieldnode runs on (arm64, armhf, x86-64); Java cannot ask sysconf.
     */
    static final int TICKS_PER_SECOND = 100;

    private ProcFs() {}

    /** VmRSS: resident set size now, in KiB. */
    static long residentKib(long pid) throws IOException {
        return statusKib(pid, "VmRSS:");
    }

    /** VmHWM: the peak resident set size so far ("high water mark"), in KiB. */
    static long peakResidentKib(long pid) throws IOException {
        return statusKib(pid, "VmHWM:");
    }

    /**
     * utime + stime of the whole process, every thread, also those that ended, in clock ticks (proc(5): fields 14
     * and 15 of {@code /proc/<pid>/stat}, counted after the parenthesised command name, which may hold spaces).
     */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after[0] is field 3 (state), so field n is after[n - 3].
        return Long.parseLong(after[14 - 3]) + Long.parseLong(after[15 - 3]);
    }

    private static long statusKib(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key)) {
                // "VmRSS:\t   61234 kB"
                return Long.parseLong(
                        line.substring(key.length()).replace("kB", "").trim());
            }
        }
        throw new IOException("/proc/" + pid + "/status has no " + key + " line (not Linux, or the process ended)");
    }
}
