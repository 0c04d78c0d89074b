// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldnode.demo.soak.ChaosRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite (issue 20): two PSK nodes, one enrolled node and the collector as real processes, SIGKILLs of any of
 * them in a random order for 90 s (four of the collector, restarted at once on its address), then a drain: every node
 * delivers its queue, and the collector holds exactly the readings each node numbered, once. The summary line {@code
 * chaos: kills=N collector_kills=N stored=N lost=0 duplicated=0 drain_s=N} is echoed by the build's closing summary.
 * {@code -Dchaos.seconds=N}, {@code -Dchaos.kills=N} and {@code -Dchaos.seed=N} change the run.
 */
class ChaosIT {
    @TempDir
    Path work;

    @Test
    @Timeout(600)
    void sigkillsOfNodesAndCollector_loseAndDuplicateNothing() throws Exception {
        int kills = Integer.getInteger("chaos.kills", 12);
        ChaosRun.Plan plan = new ChaosRun.Plan(
                Duration.ofSeconds(Integer.getInteger("chaos.seconds", 90)),
                2,
                1,
                kills,
                Math.max(3, kills / 3),
                Duration.ofSeconds(120),
                Long.getLong("chaos.seed", 20));
        StringWriter progress = new StringWriter();

        ChaosRun.Result result = new ChaosRun(plan, work, new PrintWriter(progress)).run();

        System.out.println(progress);
        System.out.println(result.summary());
        Reliability.line("chaos", result.summary());
        Reliability.count("chaos", "faults", 1);
        Reliability.count("chaos", "kills", result.kills());
        Reliability.count("chaos", "lost", result.lost());
        Reliability.count("chaos", "duplicated", result.duplicated());
        assertThat(result.collectorKills()).isGreaterThanOrEqualTo(3);
        assertThat(result.stored()).as(result.summary() + "\n" + progress).isPositive();
        assertThat(result.drained()).as(progress.toString()).isTrue();
        assertThat(result.lost()).as(result.summary() + "\n" + progress).isZero();
        assertThat(result.duplicated()).as(result.summary()).isZero();
        assertThat(result.stored()).as(result.summary()).isEqualTo(result.numbered());
    }
}
