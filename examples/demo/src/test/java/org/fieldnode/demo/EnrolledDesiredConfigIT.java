// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldnode.demo.soak.CollectorProcess;
import org.fieldnode.demo.soak.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 1: a node that enrolled with a bundle gets its desired configuration, and the collector's commands
 * take the bundle's device name. {@code fieldnode collector serve} and an enrolled {@code fieldnode run} node run as
 * processes on loopback; the operator types {@code collector config set weather-07 interval.env0=5s} (the device
 * name, not the node id) and {@code collector config show weather-07} says {@code applied} within a minute.
 */
class EnrolledDesiredConfigIT {
    /** The bound: applied within a minute. */
    private static final Duration APPLIED_LIMIT = Duration.ofSeconds(60);

    private static final String PROFILE = """
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
            report: { batch-readings: 6 }
            """;

    @TempDir
    Path work;

    private CollectorProcess collector;
    private NodeProcess node;

    @AfterEach
    void stopProcesses() throws Exception {
        if (node != null) {
            node.kill();
        }
        if (collector != null) {
            collector.kill();
        }
    }

    @Test
    void configSetByDeviceName_reachesTheEnrolledNode_andShowSaysApplied() throws Exception {
        collector = new CollectorProcess(work.resolve("collector"), work.resolve("collector.log"));
        Files.createDirectories(collector.data());
        collector.start();
        String data = collector.data().toString();
        Cli early = Cli.run("collector", "config", "set", "weather-07", "interval.env0=5s", "--data-dir", data);
        assertThat(early.code()).as("no bundle issued yet: unknown").isEqualTo(2);
        assertThat(early.err()).contains("unknown device 'weather-07'");

        Path profile = Files.writeString(work.resolve("enrolled.yaml"), PROFILE);
        node = NodeProcess.enrolled(work.resolve("node"), collector, profile, "weather-07", Duration.ofSeconds(10));
        Cli notYet = Cli.run("collector", "config", "set", "weather-07", "interval.env0=5s", "--data-dir", data);
        assertThat(notYet.code()).isEqualTo(2);
        assertThat(notYet.err())
                .as("a bundle not used yet")
                .startsWith("fieldnode collector config set: device 'weather-07' has a bundle but no node enrolled");
        node.start();
        awaitEnrolled();
        String nodeId = node.nodeId();

        Cli set = Cli.run("collector", "config", "set", "weather-07", "interval.env0=5s", "--data-dir", data);
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("config: device=" + nodeId + " version=1 entries=1\n");

        String shown = "";
        long deadline = System.nanoTime() + APPLIED_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            shown = Cli.run("collector", "config", "show", "weather-07", "--data-dir", data)
                    .out();
            if (shown.contains("state=applied")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(shown)
                .as("config show weather-07 within %d s (node log %s)", APPLIED_LIMIT.toSeconds(), node.log())
                .contains("interval.env0=5s")
                .contains("config: device=" + nodeId + " state=applied desired_version=1 applied_version=1");
        assertThat(Files.readString(node.data().resolve("config-applied")))
                .contains("applied=1")
                .contains("entry.interval.env0=5s");
        assertThat(Cli.run("collector", "config", "show", nodeId, "--data-dir", data)
                        .out())
                .as("the node id names the same device")
                .contains("state=applied");
        Cli export = Cli.run("collector", "export", "--format", "csv", "--device", "weather-07", "--data-dir", data);
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().lines().skip(1)).isNotEmpty().allMatch(l -> l.contains("," + nodeId + ","));
    }

    /** The node enrolled: its status file says so once it reports with its certificate. */
    private void awaitEnrolled() throws Exception {
        Path security = node.data().resolve("security");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(security) && Files.readString(security).contains("state=OK")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the node did not enrol within 90 s; see " + node.log());
    }
}
