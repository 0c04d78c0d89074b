// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real process run to completion (bounded), with its exit code and output. */
record Command(int exitCode, String out, String err) {
    static Command run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), null);
    }

    static Command run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        // output is small; read both fully after exit, within the bound
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Command(
                process.exitValue(),
                new String(out.readAllBytes(), StandardCharsets.UTF_8),
                new String(err.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** True when {@code program} is on the PATH. */
    static boolean available(String program) {
        try {
            return run(List.of("sh", "-c", "command -v " + program)).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
