// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory of another process with public tools: {@code /proc/PID/status} and the JDK's {@code jcmd}. */
final class ProcessProbe {
    /**
     * A generation or a whole heap in {@code jcmd PID GC.heap_info}: "DefNew total 19648K, used 0K", "Tenured total
     * 43712K, used 3743K" (Serial GC, JDK 25), "garbage-first heap total 262144K, used 12345K" (G1). The spaces
     * inside a generation say "17472K, 0% used" and do not match.
     */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private ProcessProbe() {}

    /** {@code VmRSS} of {@code pid} in MiB, or NaN where there is no such line (not Linux, process gone). */
    static double residentMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:    123456 kB"
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * The Java heap {@code pid} uses right after a full GC, in MiB: {@code jcmd PID GC.run}, then the used sizes of
     * {@code jcmd PID GC.heap_info} added up (young and old generation, or G1's one heap). NaN when jcmd fails.
     */
    static double heapAfterGcMib(long pid) throws InterruptedException {
        try {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            Matcher m = USED.matcher(info);
            long kib = 0;
            boolean found = false;
            while (m.find()) {
                kib += Long.parseLong(m.group(1));
                found = true;
            }
            return found ? kib / 1024.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
