// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldnode.demo.soak.Soak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak: real node and collector processes, SIGKILLs of the node, a collector restart and 20 % loss each
 * way; every sampled reading is stored exactly once.
 */
class SoakIT {
    @TempDir
    Path work;

    @Test
    void killsRestartsAndLoss_loseAndDuplicateNothing() throws Exception {
        StringWriter progress = new StringWriter();
        Soak.Plan plan = new Soak.Plan(Duration.ofSeconds(24), 20, Duration.ofSeconds(6), Duration.ofSeconds(90), 7);

        Soak.Result result = new Soak(plan, work, new PrintWriter(progress)).run();

        assertThat(result.nodeKills()).as(progress.toString()).isGreaterThanOrEqualTo(3);
        assertThat(result.sampled()).isPositive();
        assertThat(result.lost()).as(result.summary()).isZero();
        assertThat(result.duplicated()).as(result.summary()).isZero();
        assertThat(result.stored()).isEqualTo(result.sampled());
        assertThat(progress.toString()).contains("restarted the collector");
    }
}
