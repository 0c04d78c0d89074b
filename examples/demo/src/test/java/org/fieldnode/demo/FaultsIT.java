// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.fieldnode.demo.soak.FaultScenarios;
import org.fieldnode.demo.soak.FaultScenarios.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injected faults around a node, each bounded in time (sampling in virtual time, delivery over real DTLS on
 * loopback): see {@link FaultScenarios}. Every scenario delivers every reading it must, once.
 */
@Timeout(180)
class FaultsIT {
    @TempDir
    Path work;

    private Outcome run(String name) throws Exception {
        Outcome outcome = new FaultScenarios(work).run(name);
        Reliability.fault(outcome);
        System.out.println(outcome.summary());
        assertThat(outcome.lost()).as(outcome.summary()).isZero();
        assertThat(outcome.duplicated()).as(outcome.summary()).isZero();
        assertThat(outcome.detail()).as(outcome.summary()).contains("drained=true");
        return outcome;
    }

    @Test
    void collectorAwayForASimulatedDay_backlogIsDeliveredInOrder() throws Exception {
        Outcome outcome = run("collector-away");

        assertThat(outcome.sampled()).as(outcome.summary()).isEqualTo(1441 * 4); // every minute, and at start
        assertThat(outcome.stored()).isEqualTo(outcome.sampled());
        assertThat(outcome.detail()).contains("away=" + Duration.ofDays(1), "stored_while_away=0 ", "in_order=true");
    }

    @Test
    void storageFull_sensingContinues_oldestDroppedAndCounted_restDelivered() throws Exception {
        Outcome outcome = run("storage-full");

        long dropped = Long.parseLong(value(outcome, "dropped"));
        assertThat(dropped).as(outcome.summary()).isPositive();
        assertThat(value(outcome, "oldest_kept")).isEqualTo(Long.toString(dropped)); // oldest first
        assertThat(Long.parseLong(value(outcome, "sensed"))).isEqualTo(outcome.sampled()); // sensing never stopped
        // The real node run on the full queue reports the drops in its status file (DEGRADED while it drops is
        // NodeStorageFullTest's; in three seconds this one may neither drop nor see a delivery fail).
        assertThat(Long.parseLong(value(outcome, "status_dropped"))).isGreaterThanOrEqualTo(dropped);
        assertThat(outcome.stored())
                .isEqualTo(Long.parseLong(value(outcome, "sampled_in_all"))
                        - Long.parseLong(value(outcome, "dropped_in_all")));
        assertThat(Long.parseLong(value(outcome, "disk_bytes")))
                .isLessThanOrEqualTo(Long.parseLong(value(outcome, "budget")));
    }

    @Test
    void corruptedQueueFile_damagedRecordsSkippedAndCounted_restDelivered() throws Exception {
        Outcome outcome = run("corrupt-queue");

        long corrupt = Long.parseLong(value(outcome, "corrupt_records"));
        long skipped = Long.parseLong(value(outcome, "skipped_readings"));
        assertThat(corrupt).as(outcome.summary()).isBetween(1L, 4L);
        assertThat(skipped).isPositive();
        assertThat(outcome.stored()).isEqualTo(outcome.sampled() - skipped);
    }

    @Test
    void sensorUnpluggedAndReplugged_theOtherIsUnaffected_andItRecovers() throws Exception {
        Outcome outcome = run("sensor-unplug");

        assertThat(outcome.detail())
                .as(outcome.summary())
                .contains("lux0_failed_while_unplugged=true", "lux0_readings_while_unplugged=0", "lux0_recovered=true");
        assertThat(Long.parseLong(value(outcome, "lux0_readings_after"))).isPositive();
        assertThat(Long.parseLong(value(outcome, "env0_samples"))).isGreaterThanOrEqualTo(420);
    }

    @Test
    void clockSteppedBackAndForward_nothingLostOrReorderedInTheQueue() throws Exception {
        Outcome outcome = run("clock-steps");

        assertThat(outcome.detail()).as(outcome.summary()).contains("queued_in_order=true");
        assertThat(outcome.stored()).isEqualTo(outcome.sampled());
    }

    private static String value(Outcome outcome, String key) {
        for (String pair : outcome.detail().split(" ")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " in " + outcome.summary());
    }
}
