// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies terminal settings to a serial device. The JDK cannot call {@code tcsetattr}, so the real implementation
 * runs {@code stty -F DEVICE ...}; tests inject a recorder.
 */
@FunctionalInterface
public interface Stty {
    /** Applies {@code settings} (stty words such as {@code 9600}, {@code cs8}, {@code -parenb}) to {@code device}. */
    void apply(Path device, List<String> settings) throws IOException;

    /** Runs {@code stty} from the {@code PATH}; fails when it exits non-zero or takes longer than 5 s. */
    static Stty process() {
        return (device, settings) -> {
            List<String> command = new ArrayList<>(List.of("stty", "-F", device.toString()));
            command.addAll(settings);
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("stty did not finish within 5 s: " + command);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command, e);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IOException("%s exited with %d: %s".formatted(command, process.exitValue(), output));
            }
        };
    }
}
