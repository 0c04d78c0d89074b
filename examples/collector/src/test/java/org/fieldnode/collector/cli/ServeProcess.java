// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fieldnode collector serve} in a child JVM, for the tests that need a real process: started on this test
 * class path, its listening line awaited, and its output drained afterwards so that it never blocks on a full pipe.
 *
 * @param process the child, for the test to stop or kill
 * @param listening the listening line, matched by the caller's pattern
 * @param output every line it printed so far (its log and its listening line), growing while it runs
 */
record ServeProcess(Process process, Matcher listening, List<String> output) {
    /** Starts {@code serve --data-dir DIR --bind 127.0.0.1:0 extraArgs} and waits up to 60 s for {@code line}. */
    static ServeProcess start(Path dataDir, Pattern line, String... extraArgs) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-cp",
                classPath,
                "org.fieldnode.collector.cli.CollectorMain",
                "collector",
                "serve",
                "--data-dir",
                dataDir.toString(),
                "--bind",
                "127.0.0.1:0"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Matcher> listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                    output.add(text);
                    Matcher m = line.matcher(text);
                    if (m.matches()) {
                        return m;
                    }
                }
                throw new AssertionError("serve ended without its listening line:\n" + String.join("\n", output));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Matcher m;
        try {
            m = listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        Thread.ofVirtual().start(() -> {
            try {
                for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                    output.add(text);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return new ServeProcess(process, m, output);
    }
}
