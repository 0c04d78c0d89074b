// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldnode.demo.soak.NodeKillLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 SIGKILLs of a real {@code fieldnode run} process while it samples and delivers (100-300 ms after it is up, or
 * at a random instant of its start-up), then a clean run drains: the collector holds every reading the node ever
 * numbered, once. See {@link NodeKillLoop}. {@code -Dfaults.kills=N} changes the count.
 */
class NodeKillLoopIT {
    @TempDir
    Path work;

    @Test
    @Timeout(900)
    void twoHundredKillsDuringSamplingAndDelivery_loseAndDuplicateNothing() throws Exception {
        int kills = Integer.getInteger("faults.kills", 200);
        StringWriter progress = new StringWriter();
        NodeKillLoop.Plan plan = new NodeKillLoop.Plan(
                kills, 2, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(90), 9);

        NodeKillLoop.Result result = new NodeKillLoop(plan, work, new PrintWriter(progress)).run();

        System.out.println(result.summary());
        Reliability.count("kill-loop", "kills", result.kills());
        Reliability.count("kill-loop", "faults", 1);
        Reliability.count("kill-loop", "lost", result.lost());
        Reliability.count("kill-loop", "duplicated", result.duplicated());
        assertThat(result.kills()).isEqualTo(kills);
        assertThat(result.sampled()).as(result.summary()).isPositive();
        assertThat(result.lost()).as(result.summary() + progress).isZero();
        assertThat(result.duplicated()).as(result.summary()).isZero();
        assertThat(result.stored()).isEqualTo(result.sampled());
    }
}
