// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilitySummaryTest {
    @TempDir
    Path root;

    @Test
    void line_sumsEverySuiteOfEveryModule_andIgnoresOtherKeysAndFiles() throws Exception {
        Path a = Files.createDirectories(root.resolve("drivers/target/reliability"));
        Path b = Files.createDirectories(root.resolve("examples/demo/target/reliability"));
        Files.writeString(a.resolve("capture-fuzz.txt"), "fuzz_inputs=700\n");
        Files.writeString(b.resolve("kill-loop.txt"), "duplicated=0\nfaults=1\nkills=200\nlost=0\ntook_s=9\n");
        Files.writeString(b.resolve("faults.txt"), "faults=5\nlost=1\nduplicated=2\n");
        Files.writeString(root.resolve("drivers/target/other.txt"), "fuzz_inputs=9\n");

        assertThat(ReliabilitySummary.line(root))
                .isEqualTo("reliability: fuzz_inputs=700 faults=6 kills=200 lost=1 duplicated=2 suites=3");
    }

    @Test
    void suiteLines_areEchoedAsWritten_andDoNotCountAsSuites() throws Exception {
        Path demo = Files.createDirectories(root.resolve("examples/demo/target/reliability"));
        Files.writeString(demo.resolve("chaos.line"), "chaos: kills=12 collector_kills=4 stored=9 lost=0\n\n");
        Files.writeString(demo.resolve("chaos.txt"), "kills=12\nlost=0\n");

        assertThat(ReliabilitySummary.suiteLines(root))
                .containsExactly("chaos: kills=12 collector_kills=4 stored=9 lost=0");
        assertThat(ReliabilitySummary.line(root)).endsWith("kills=12 lost=0 duplicated=0 suites=1");
    }
}
