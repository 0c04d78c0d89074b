// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.junit.jupiter.api.Test;

/**
 * Storage full (SECURITY R30, R31): with a queue that holds only a few readings and a collector that has not answered
 * yet (no delivery failure to report), sensing continues, the oldest readings are dropped and counted, and the status
 * says DEGRADED with the drop count.
 */
class NodeStorageFullTest {
    @Test
    void queueFull_sensingContinues_dropsAreCounted_andTheStateIsDegraded() throws Exception {
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile = new ProfileLoader(drivers.compatibles()).parse("full.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
                """);
        SimulatedBusProvider buses = SimulatedBusProvider.populatedWith(
                SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 1),
                profile.enabledSensors().stream().map(SensorConfig::toNode).toList());
        CountDownLatch released = new CountDownLatch(1);
        Reporter stuck = new Reporter() { // the first exchange never ends: no failure, no acknowledgement
                    @Override
                    public ReportResult report(Batch batch) throws InterruptedException {
                        released.await();
                        return new ReportResult.Unreachable(batch.sequence(), "closed");
                    }

                    @Override
                    public void close() {
                        released.countDown();
                    }
                };
        Node node = Node.start(
                new Node.Parts(
                        "fieldnode-full1",
                        buses,
                        stuck,
                        new MemoryReadingQueue(4),
                        Duration.ofSeconds(1),
                        Optional.empty()),
                profile,
                drivers,
                InstantSource.system(),
                Sleeper.system());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (node.stats().dropped() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Map<String, String> status = node.statusValues("running");

            assertThat(node.stats().sampled()).isGreaterThanOrEqualTo(9); // sensing went on past the capacity
            assertThat(Long.parseLong(status.get("dropped"))).isGreaterThanOrEqualTo(6);
            assertThat(status.get("queued")).isEqualTo("4");
            assertThat(status.get("last_error")).isEqualTo("none");
            assertThat(status.get("state")).isEqualTo("DEGRADED");
        } finally {
            node.close();
        }
    }
}
