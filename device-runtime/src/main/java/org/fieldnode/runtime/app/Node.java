// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.report.DeliveryLoop;
import org.fieldnode.runtime.report.DeliveryStats;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.sampling.SamplingScheduler;
import org.fieldnode.runtime.sampling.SamplingScheduler.BoundSensor;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.fieldnode.runtime.store.ReadingQueue;
import org.tinylog.Logger;

/**
 * A running node: sensors sampled on their schedule, readings queued, batches delivered by the reporter. Owns
 * and closes everything it is given.
 */
public final class Node implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 100_000;

    private final String nodeId;
    private final BusProvider buses;
    private final Reporter reporter;
    private final ReadingQueue queue;
    private final SamplingScheduler sampler;
    private final DeliveryLoop delivery;
    private boolean closed;

    private Node(
            String nodeId,
            Profile profile,
            DriverRegistry drivers,
            BusProvider buses,
            Reporter reporter,
            InstantSource clock,
            Sleeper sleeper,
            Duration firstBackoff) {
        this.nodeId = nodeId;
        this.buses = buses;
        this.reporter = reporter;
        this.queue = new MemoryReadingQueue(QUEUE_CAPACITY);
        List<BoundSensor> bound = new ArrayList<>();
        for (SensorConfig s : profile.enabledSensors()) {
            bound.add(new BoundSensor(
                    s,
                    drivers.find(s.compatible())
                            .orElseThrow(
                                    () -> new IllegalArgumentException(s.id() + ": no driver for " + s.compatible()))));
        }
        this.sampler = new SamplingScheduler(bound, buses, sleeper, clock, queue::append);
        this.delivery = new DeliveryLoop(
                queue, reporter, profile.report().maxBatchReadings(), firstBackoff, Duration.ofMinutes(5));
    }

    /**
     * Starts sampling and delivery.
     *
     * @param firstBackoff the first retry delay after a failed delivery (doubles up to 5 minutes)
     */
    public static Node start(
            String nodeId,
            Profile profile,
            DriverRegistry drivers,
            BusProvider buses,
            Reporter reporter,
            InstantSource clock,
            Sleeper sleeper,
            Duration firstBackoff) {
        Node node = new Node(nodeId, profile, drivers, buses, reporter, clock, sleeper, firstBackoff);
        node.delivery.start();
        node.sampler.start();
        Logger.info(
                "Node {} started with profile {} ({} sensor(s))",
                nodeId,
                profile.source(),
                profile.enabledSensors().size());
        return node;
    }

    /**
     * Starts a node that reports over CoAP/DTLS as {@code setup} says, on the buses its profile names.
     *
     * @throws ProfileException when the profile cannot run here (for example hardware buses on this build)
     */
    public static Node start(NodeSetup setup, DriverRegistry drivers) throws ProfileException {
        BusProvider buses = BusProviders.forProfile(setup.profile());
        CoapReporter reporter;
        try {
            reporter = new CoapReporter(new CoapReporterSettings(
                    setup.collector(),
                    setup.nodeId().value(),
                    setup.psk(),
                    setup.format(),
                    NodeSetup.EXCHANGE_TIMEOUT));
        } catch (RuntimeException e) {
            buses.close();
            throw e;
        }
        return start(
                setup.nodeId().value(),
                setup.profile(),
                drivers,
                buses,
                reporter,
                InstantSource.system(),
                Sleeper.system(),
                setup.firstRetry());
    }

    public String nodeId() {
        return nodeId;
    }

    public NodeStats stats() {
        DeliveryStats d = delivery.stats();
        return new NodeStats(
                sampler.sampled(),
                d.sent(),
                d.acknowledged(),
                d.rejected(),
                d.attempts(),
                queue.size(),
                queue.dropped(),
                sampler.failingSensors());
    }

    /**
     * Stops sampling, gives delivery up to {@code drainTimeout} to empty the queue, then closes everything.
     *
     * @return true when every queued reading was delivered or refused
     */
    public boolean stop(Duration drainTimeout) throws InterruptedException {
        sampler.close();
        boolean drained = delivery.awaitDrained(drainTimeout);
        close();
        return drained;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampler.close();
        delivery.close();
        reporter.close();
        queue.close();
        buses.close();
        Logger.info("Node {} stopped: {}", nodeId, stats().keyValues());
    }
}
