// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every part of {@code fieldnode bench} shares: quick or full, a scratch directory, the JVM flags that both
 * fieldnode and the floor are started with, and where progress goes.
 *
 * @param quick {@code --quick}: fewer repetitions, 1/100/1000 collector nodes instead of up to 10,000
 * @param workDir scratch space for this run (profiles, queues, databases, logs); deleted by the caller
 * @param jvmFlags the flags every measured JVM gets, fieldnode and floor alike
 * @param progress one line per step on stderr, so that a long run shows where it is
 */
public record BenchContext(boolean quick, Path workDir, List<String> jvmFlags, PrintWriter progress) {

    /**
     * The command line of a child JVM with {@link #jvmFlags}, this JVM's class path, and {@code mainClass args}.
     */
    public List<String> javaCommand(String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public void step(String format, Object... args) {
        progress.println("bench: " + String.format(format, args));
        progress.flush();
    }

    /** Repetitions of a whole-process measurement: medians of 3 with --quick, of 7 otherwise (as BENCHMARKS.md says). */
    public int repetitions() {
        return quick ? 3 : 7;
    }
}
