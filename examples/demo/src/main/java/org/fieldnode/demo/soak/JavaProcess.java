// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code fieldnode} command in its own JVM, started with this JVM's java and class path, its output appended
 * to a log file. Used by the soak run to kill and restart real processes.
 */
final class JavaProcess {
    private static final String MAIN = "org.fieldnode.runtime.cli.Main";

    private final Process process;
    private final String name;

    private JavaProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /** Starts {@code fieldnode <args>} with small-device JVM flags, output appended to {@code log}. */
    static JavaProcess start(String name, Path log, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx96m",
                // the product's log set-up, not the tests' (tinylog prefers tinylog-test.properties when on the path)
                "-Dtinylog.configuration=tinylog.properties",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                MAIN));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new JavaProcess(builder.start(), name);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed: a power cut as far as the process can tell. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, without waiting for the process to end. */
    void terminate() {
        process.destroy();
    }

    /** SIGTERM, then waits up to {@code seconds} for a clean exit; kills it if it does not stop. */
    int stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; kills it after {@code limit}. Returns its exit code. */
    int waitFor(java.time.Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
