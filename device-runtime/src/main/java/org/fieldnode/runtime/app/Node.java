// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.DeliveryLoop;
import org.fieldnode.runtime.report.DeliveryStats;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.sampling.SamplingScheduler;
import org.fieldnode.runtime.sampling.SamplingScheduler.BoundSensor;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.fieldnode.runtime.store.ReadingQueue;
import org.tinylog.Logger;

/**
 * A running node: sensors sampled on their schedule, readings queued, batches delivered by the reporter, and,
 * when it has a data directory, its state written to {@link StatusFile} every few seconds. Owns and closes
 * everything it is given.
 */
public final class Node implements AutoCloseable {
    /** Readings kept in memory when the node has no data directory (about 100 bytes each on the heap). */
    private static final int MEMORY_QUEUE_CAPACITY = 100_000;

    private static final Duration STATUS_PERIOD = Duration.ofSeconds(5);

    private final String nodeId;
    private final Profile profile;
    private final BusProvider buses;
    private final Reporter reporter;
    private final ReadingQueue queue;
    private final SamplingScheduler sampler;
    private final DeliveryLoop delivery;
    private final Optional<Path> statusDir;
    private final Instant startedAt = Instant.now();
    private final Map<String, Reading> lastReadings = new ConcurrentHashMap<>();
    private final long droppedAtStart;
    private ScheduledExecutorService statusWriter;
    private boolean closed;

    private Node(Parts parts, Profile profile, DriverRegistry drivers, InstantSource clock, Sleeper sleeper) {
        this.nodeId = parts.nodeId();
        this.profile = profile;
        this.buses = parts.buses();
        this.reporter = parts.reporter();
        this.queue = parts.queue();
        this.statusDir = parts.statusDir();
        this.droppedAtStart = queue.dropped();
        List<BoundSensor> bound = new ArrayList<>();
        for (SensorConfig s : profile.enabledSensors()) {
            bound.add(new BoundSensor(
                    s,
                    drivers.find(s.compatible())
                            .orElseThrow(
                                    () -> new IllegalArgumentException(s.id() + ": no driver for " + s.compatible())),
                    s.pipeline()));
        }
        this.sampler = new SamplingScheduler(bound, buses, sleeper, clock, this::sampled);
        this.delivery = new DeliveryLoop(
                queue, reporter, profile.report().maxBatchReadings(), parts.firstRetry(), Duration.ofMinutes(5));
    }

    /**
     * What a node is made of, for callers that assemble it themselves (tests, the soak harness).
     *
     * @param firstRetry the first retry delay after a failed delivery (doubles up to 5 minutes)
     * @param statusDir where to keep the {@link StatusFile}, or empty for none
     */
    public record Parts(
            String nodeId,
            BusProvider buses,
            Reporter reporter,
            ReadingQueue queue,
            Duration firstRetry,
            Optional<Path> statusDir) {}

    /** Starts sampling and delivery with the given parts. */
    public static Node start(
            Parts parts, Profile profile, DriverRegistry drivers, InstantSource clock, Sleeper sleeper) {
        Node node = new Node(parts, profile, drivers, clock, sleeper);
        node.delivery.start();
        node.sampler.start();
        node.statusDir.ifPresent(dir -> node.startStatusWriter());
        Logger.info(
                "Node {} started with profile {} ({} sensor(s))",
                node.nodeId,
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
                    NodeSetup.EXCHANGE_TIMEOUT,
                    setup.profile().report().link(),
                    setup.dataDir().map(dir -> dir.resolve("dtls-session"))));
        } catch (RuntimeException e) {
            buses.close();
            throw e;
        }
        ReadingQueue queue;
        try {
            queue = setup.dataDir().isPresent()
                    ? DurableReadingQueue.open(setup.profile()
                            .queue()
                            .settingsIn(setup.dataDir().get().resolve("queue")))
                    : new MemoryReadingQueue(MEMORY_QUEUE_CAPACITY);
        } catch (IOException e) {
            reporter.close();
            buses.close();
            throw new UncheckedIOException(
                    "cannot open the reading queue in " + setup.dataDir().get(), e);
        }
        Parts parts = new Parts(setup.nodeId().value(), buses, reporter, queue, setup.firstRetry(), setup.dataDir());
        return start(parts, setup.profile(), drivers, InstantSource.system(), Sleeper.system());
    }

    private void sampled(List<Reading> readings) {
        queue.append(readings);
        for (Reading r : readings) {
            lastReadings.put(r.seriesName(), r);
        }
    }

    private void startStatusWriter() {
        statusWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldnode-status");
            t.setDaemon(true);
            return t;
        });
        statusWriter.scheduleAtFixedRate(this::writeStatus, 0, STATUS_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void writeStatus() {
        statusDir.ifPresent(dir -> StatusFile.write(dir, statusValues("running")));
    }

    /** The values of the {@link StatusFile}. */
    Map<String, String> statusValues(String process) {
        NodeStats s = stats();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("node", nodeId);
        v.put("pid", Long.toString(ProcessHandle.current().pid()));
        v.put("process", process);
        // DEGRADED also while the queue is full and drops its oldest readings (SECURITY R31, storage full)
        boolean dropping = s.dropped() > droppedAtStart;
        v.put(
                "state",
                s.failingSensors().isEmpty() && delivery.currentFailure().isEmpty() && !dropping ? "OK" : "DEGRADED");
        v.put("profile", profile.source());
        v.put("started", startedAt.toString());
        v.put("updated", Instant.now().toString());
        v.put("sampled", Long.toString(s.sampled()));
        v.put("sent", Long.toString(s.sent()));
        v.put("acknowledged", Long.toString(s.acknowledged()));
        v.put("rejected", Long.toString(s.rejected()));
        v.put("queued", Long.toString(s.queued()));
        v.put("dropped", Long.toString(s.dropped()));
        v.put("next_sequence", Long.toString(queue.nextSequence()));
        v.put(
                "last_report",
                delivery.lastAcknowledgedAt().map(Instant::toString).orElse("never"));
        v.put("last_error", delivery.currentFailure().orElse("none"));
        for (SensorConfig sensor : profile.enabledSensors()) {
            String id = sensor.id();
            v.put("sensor." + id + ".compatible", sensor.compatible());
            v.put("sensor." + id + ".health", s.failingSensors().contains(id) ? "FAILING" : "OK");
            lastReadings.values().stream()
                    .filter(r -> r.sensorId().equals(id))
                    .sorted((a, b) -> a.channel().compareTo(b.channel()))
                    .forEach(r -> v.put(
                            "sensor." + r.seriesName().replace('/', '.'),
                            r.value() + " " + r.channel().unit().senml() + " at " + r.observedAt()));
        }
        return v;
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
        if (statusWriter != null) {
            statusWriter.shutdownNow();
        }
        sampler.close();
        delivery.close();
        reporter.close();
        statusDir.ifPresent(dir -> StatusFile.write(dir, statusValues("stopped")));
        queue.close();
        buses.close();
        Logger.info("Node {} stopped: {}", nodeId, stats().keyValues());
    }
}
