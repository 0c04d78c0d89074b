// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 6: the first build of the source checkout's {@code ./fieldnode} shows progress, a line per module, not
 * one silent minute. The launcher's own {@code build_progress} filter, taken from the script, is fed what Maven prints
 * in batch mode; it keeps the whole output in the log it shows when the build fails.
 */
class LauncherProgressTest {
    @TempDir
    Path dir;

    @Test
    void theLaunchersBuild_printsALinePerModule_andKeepsTheRestInItsLog() throws Exception {
        Path launcher = Path.of("../../fieldnode").toAbsolutePath().normalize();
        assertThat(launcher).isRegularFile();
        Path log = dir.resolve("build.log");
        String maven = String.join(
                "\n",
                "[INFO] Scanning for projects...",
                "[INFO] ----------------------< org.fieldnode:fieldnode-security >----------------------",
                "[INFO] Building fieldnode security 0.1.0-SNAPSHOT                         [2/11]",
                "[INFO] --- compiler:3.14.0:compile (default-compile) @ fieldnode-security ---",
                "[INFO] Building jar: /x/security/target/fieldnode-security-0.1.0-SNAPSHOT.jar",
                "[INFO] Building fieldnode collector 0.1.0-SNAPSHOT                      [10/11]",
                "");
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "eval \"$(sed -n '/^build_progress()/,/^}/p' \"$1\")\"; log=\"$2\"; build_progress",
                        "progress",
                        launcher.toString(),
                        log.toString())
                .redirectError(dir.resolve("err").toFile())
                .start();
        bash.getOutputStream().write(maven.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(bash.exitValue()).isZero();
        assertThat(Files.readAllLines(dir.resolve("err")))
                .isEqualTo(List.of(
                        "fieldnode: building [2/11] fieldnode security",
                        "fieldnode: building [10/11] fieldnode collector"));
        assertThat(Files.readString(log)).isEqualTo(maven);
    }
}
