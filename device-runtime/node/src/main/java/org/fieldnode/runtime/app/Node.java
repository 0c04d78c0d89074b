// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeCorrection;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.fieldnode.runtime.report.DeliveryFailure;
import org.fieldnode.runtime.report.DeliveryLoop;
import org.fieldnode.runtime.report.DeliveryStats;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.report.coap.ConfigExchange;
import org.fieldnode.runtime.sampling.ClockTrust;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.sampling.SamplingScheduler;
import org.fieldnode.runtime.sampling.SamplingScheduler.BoundSensor;
import org.fieldnode.runtime.sampling.SensorHealth;
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
    private volatile SamplingScheduler sampler;
    private long sampledByEarlierSchedulers;
    private final DriverRegistry drivers;
    private final Sleeper sleeper;
    private final DeliveryLoop delivery;
    private final Optional<Path> statusDir;
    private final Instant startedAt = Instant.now();
    private final Map<String, Reading> lastReadings = new ConcurrentHashMap<>();
    private final NodeHealth health;
    private final NodeHealth.Facts facts;
    private final ClockTrust trust;
    private final InstantSource wallClock;
    private final long droppedAtStart;
    private ScheduledExecutorService statusWriter;
    private volatile Optional<UpdateWiring> updates = Optional.empty();
    private final java.util.concurrent.atomic.AtomicBoolean restartAsked =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Runnable restartListener;
    private boolean closed;

    private Node(
            Parts parts,
            Profile profile,
            DriverRegistry drivers,
            InstantSource clock,
            Sleeper sleeper,
            ClockTrust trust) {
        this.nodeId = parts.nodeId();
        this.profile = profile;
        this.buses = parts.buses();
        this.reporter = parts.reporter();
        this.queue = parts.queue();
        this.statusDir = parts.statusDir();
        this.health = new NodeHealth(Path.of("/"), parts.statusDir(), expectedSilence(profile));
        this.facts = new NodeHealth.Facts(
                SoftwareVersion.version(),
                ProfileDigest.of(profile),
                profile.node().sharedPlace());
        this.trust = trust;
        this.wallClock = clock;
        this.droppedAtStart = queue.dropped();
        this.drivers = drivers;
        this.sleeper = sleeper;
        this.sampler = scheduler(profile.enabledSensors());
        long firstSequenceOfRun = queue.nextSequence();
        this.delivery = new DeliveryLoop(
                queue,
                reporter,
                profile.report().maxBatchReadings(),
                parts.firstRetry(),
                DeliveryLoop.MAX_BACKOFF,
                batch -> trust.trusted()
                        ? TimeCorrection.correct(batch, firstSequenceOfRun, clock.instant(), System.nanoTime())
                        : batch,
                new DeliveryLoop.Pacing(
                        profile.report().startDelay(),
                        profile.report().drainGap(),
                        profile.report().interval()));
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

    /** Starts sampling and delivery with the given parts, on a wall clock taken as synchronised. */
    public static Node start(
            Parts parts, Profile profile, DriverRegistry drivers, InstantSource clock, Sleeper sleeper) {
        return start(parts, profile, drivers, clock, sleeper, ClockTrust.always());
    }

    /**
     * Starts sampling and delivery with the given parts.
     *
     * @param trust whether the wall clock is synchronised; until it is, readings are marked
     *     {@link org.fieldnode.runtime.pipeline.TimeQuality#UNSYNCED} and corrected when it becomes so
     */
    public static Node start(
            Parts parts,
            Profile profile,
            DriverRegistry drivers,
            InstantSource clock,
            Sleeper sleeper,
            ClockTrust trust) {
        Node node = new Node(parts, profile, drivers, clock, sleeper, trust);
        node.delivery.start();
        node.sampler.start();
        node.startBackgroundWork(profile.report().healthInterval());
        Logger.info(
                "Node {} started with profile {} ({} sensor(s))",
                node.nodeId,
                profile.source(),
                profile.enabledSensors().size());
        return node;
    }

    /**
     * Starts a node that reports over CoAP/DTLS with a pre-shared key as {@code setup} says, on the buses its
     * profile names; see {@link #start(Profile, String, Optional, Duration, DriverRegistry, Function)}.
     *
     * @throws ProfileException when the profile cannot run here (for example hardware buses on this build)
     */
    public static Node start(NodeSetup setup, DriverRegistry drivers) throws ProfileException {
        return start(
                setup.profile(), setup.nodeId().value(), setup.dataDir(), setup.firstRetry(), drivers, exchange -> {
                    if (setup.profile().report().lwm2m().isPresent()) {
                        return Lwm2mWiring.withPsk(setup.profile(), setup.nodeId(), setup.psk(), setup.format());
                    }
                    CoapReporter coap = new CoapReporter(new CoapReporterSettings(
                            setup.collector(),
                            setup.nodeId().value(),
                            setup.psk(),
                            setup.format(),
                            NodeSetup.EXCHANGE_TIMEOUT,
                            setup.profile().report().link(),
                            setup.dataDir().map(dir -> dir.resolve(EnrolledNode.SESSION_STATE))));
                    exchange.ifPresent(coap::exchangeConfig);
                    return coap;
                });
    }

    /**
     * The one start-up of every node, PSK or enrolled (issue 15: the enrolled path once lacked the desired
     * configuration): the profile's buses, the desired-configuration twin ({@link DesiredConfigApplier}) when the
     * node has a data directory and reports to a collector, the queue (durable in the data directory), then sampling
     * and delivery. An LwM2M server has no desired-configuration exchange: the profile's settings stand there.
     *
     * @param reporter opens the node's reporter; given a twin, the reporter must take part in its exchange
     * @throws ProfileException when the profile cannot run here (for example hardware buses on this build)
     */
    static Node start(
            Profile profile,
            String nodeId,
            Optional<Path> dataDir,
            Duration firstRetry,
            DriverRegistry drivers,
            Function<Optional<ConfigExchange>, Reporter> reporter)
            throws ProfileException {
        return start(profile, nodeId, dataDir, firstRetry, drivers, reporter, UpdateWiring.Settings.system());
    }

    /** As above, with how an update restarts the node and the bound of its trial (tests: without ending the JVM). */
    static Node start(
            Profile profile,
            String nodeId,
            Optional<Path> dataDir,
            Duration firstRetry,
            DriverRegistry drivers,
            Function<Optional<ConfigExchange>, Reporter> reporter,
            UpdateWiring.Settings updates)
            throws ProfileException {
        BusProvider buses = BusProviders.forProfile(profile);
        Optional<DesiredConfigApplier> twin = profile.report().lwm2m().isPresent()
                ? Optional.empty()
                : dataDir.map(dir -> new DesiredConfigApplier(dir, profile.sensors()));
        Reporter opened;
        try {
            opened = reporter.apply(twin.map(ConfigExchange.class::cast));
        } catch (RuntimeException e) {
            buses.close();
            throw e;
        }
        ReadingQueue queue;
        try {
            queue = dataDir.isPresent()
                    ? DurableReadingQueue.open(
                            profile.queue().settingsIn(dataDir.get().resolve(EnrolledNode.QUEUE)))
                    : new MemoryReadingQueue(MEMORY_QUEUE_CAPACITY);
        } catch (IOException e) {
            opened.close();
            buses.close();
            throw new UncheckedIOException("cannot open the reading queue in " + dataDir.get(), e);
        }
        Parts parts = new Parts(nodeId, buses, opened, queue, firstRetry, dataDir);
        Profile sampled = twin.map(t -> profile.withSensors(t.sensors())).orElse(profile);
        Node node = start(parts, sampled, drivers, InstantSource.system(), Sleeper.system(), SystemClockTrust.system());
        twin.ifPresent(t -> t.attach(node));
        if (twin.isPresent()) {
            node.updates = UpdateWiring.attach(node, twin.get(), opened, dataDir.get(), nodeId, updates);
        }
        return node;
    }

    private void sampled(List<Reading> readings) {
        queue.append(readings);
        offerLatest(readings);
        for (Reading r : readings) {
            lastReadings.put(r.seriesName(), r);
        }
    }

    /** The latest values to a transport that serves them; a failure there never costs a queued reading. */
    private void offerLatest(List<Reading> readings) {
        try {
            reporter.sampled(readings);
        } catch (RuntimeException e) {
            Logger.warn("The reporter could not take the latest values: {}", e.toString());
        }
    }

    /** The status file every few seconds (when the node has a data directory) and a health report per period. */
    private void startBackgroundWork(Duration healthInterval) {
        statusWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldnode-status");
            t.setDaemon(true);
            return t;
        });
        if (statusDir.isPresent()) {
            statusWriter.scheduleAtFixedRate(this::writeStatus, 0, STATUS_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
        long period = healthInterval.toMillis();
        statusWriter.scheduleAtFixedRate(this::reportHealth, period, period, TimeUnit.MILLISECONDS);
    }

    private void reportHealth() {
        try {
            NodeStats s = stats();
            NodeHealth.Figures figures = new NodeHealth.Figures(
                    s.queued(),
                    s.dropped(),
                    degraded(s),
                    Duration.between(startedAt, Instant.now()).toSeconds(),
                    delivery.failure(),
                    facts);
            TimeQuality quality = trust.trusted() ? TimeQuality.SYNCED : TimeQuality.UNSYNCED;
            List<Reading> readings = health.readings(
                    figures, wallClock.instant().truncatedTo(ChronoUnit.MILLIS), System.nanoTime(), quality);
            queue.append(readings);
            offerLatest(readings);
        } catch (RuntimeException e) {
            Logger.warn("Could not queue the health report: {}", e.toString());
        }
    }

    /**
     * The longest this node stays silent while it can deliver: its report interval, or its health interval when that
     * is longer (health readings go out even when a deadband holds back every sensor's).
     */
    static Duration expectedSilence(Profile profile) {
        Duration interval = profile.report().interval();
        Duration health = profile.report().healthInterval();
        return interval.compareTo(health) > 0 ? interval : health;
    }

    private void writeStatus() {
        statusDir.ifPresent(dir -> StatusFile.write(dir, statusValues("running")));
    }

    private SamplingScheduler scheduler(List<SensorConfig> sensors) {
        List<BoundSensor> bound = new ArrayList<>();
        for (SensorConfig s : sensors) {
            bound.add(new BoundSensor(
                    s,
                    drivers.find(s.compatible())
                            .orElseThrow(
                                    () -> new IllegalArgumentException(s.id() + ": no driver for " + s.compatible())),
                    s.pipeline()));
        }
        return SamplingScheduler.builder(bound, buses, this::sampled)
                .sleeper(sleeper)
                .clockTrust(trust)
                .build();
    }

    /**
     * Samples {@code sensors} from now on (a desired configuration changed their intervals or pipelines): the
     * current scheduler finishes its cycle and closes its sensors, the new one opens them again. The queue and
     * delivery go on untouched.
     *
     * @throws IllegalArgumentException when a sensor's settings are invalid; nothing changes then
     */
    public synchronized void resample(List<SensorConfig> sensors) {
        SamplingScheduler next = scheduler(sensors);
        SamplingScheduler previous = sampler;
        previous.close();
        sampledByEarlierSchedulers += previous.sampled();
        sampler = next;
        next.start();
        Logger.info("Sampling {} sensor(s) with a new configuration", sensors.size());
    }

    /**
     * DEGRADED while a sensor fails, delivery fails, or the queue is full and drops its oldest readings (SECURITY
     * R31, storage full); OK otherwise.
     */
    private boolean degraded(NodeStats s) {
        return !s.failingSensors().isEmpty() || delivery.currentFailure().isPresent() || s.dropped() > droppedAtStart;
    }

    /** The values of the {@link StatusFile}. */
    Map<String, String> statusValues(String process) {
        NodeStats s = stats();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("node", nodeId);
        v.put("pid", Long.toString(ProcessHandle.current().pid()));
        v.put("process", process);
        v.put("state", degraded(s) ? "DEGRADED" : "OK");
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
        Map<String, SensorHealth> sensorHealth = sampler.health();
        v.put(
                "last_error",
                delivery.currentFailure()
                        .or(() -> firstSensorError(sensorHealth))
                        .orElse("none"));
        Optional<DeliveryFailure> failure = delivery.failure();
        v.put("delivery", failure.map(f -> f.cause().label()).orElse("ok"));
        v.put("undelivered_since", failure.map(f -> f.since().toString()).orElse("none"));
        for (SensorConfig sensor : profile.enabledSensors()) {
            String id = sensor.id();
            v.put("sensor." + id + ".compatible", sensor.compatible());
            v.put("sensor." + id + ".health", s.failingSensors().contains(id) ? "FAILING" : "OK");
            SensorHealth health = sensorHealth.getOrDefault(id, SensorHealth.OK);
            health.lastError().ifPresent(e -> v.put("sensor." + id + ".last_error", withoutId(id, e)));
            health.failingSince().ifPresent(t -> v.put("sensor." + id + ".failing_since", t.toString()));
            if (!health.ok()) {
                v.put("sensor." + id + ".failures", Integer.toString(health.failures()));
            }
            lastReadings.values().stream()
                    .filter(r -> r.sensorId().equals(id))
                    .sorted((a, b) -> a.channel().compareTo(b.channel()))
                    .forEach(r -> v.put(
                            "sensor." + r.seriesName().replace('/', '.'),
                            r.value() + " " + r.channel().unit().senml() + " at " + r.observedAt()));
        }
        return v;
    }

    /** {@code sensor env0: <its last error>} for the first failing sensor, when delivery has no error to show. */
    private static Optional<String> firstSensorError(Map<String, SensorHealth> health) {
        return health.entrySet().stream()
                .filter(e -> e.getValue().lastError().isPresent())
                .findFirst()
                .map(e -> "sensor " + e.getKey() + ": "
                        + withoutId(e.getKey(), e.getValue().lastError().get()));
    }

    /** A driver's message without the {@code env0: } its exception starts with, where the id is shown already. */
    private static String withoutId(String id, String error) {
        return error.startsWith(id + ": ") ? error.substring(id.length() + 2) : error;
    }

    /**
     * Why this node has sampled nothing, as one sentence for the end of a run: no sensor enabled, each failing
     * sensor's last error, or that the sensors had not finished their first sample yet.
     */
    public String whyNothingSampled() {
        Map<String, SensorHealth> health = sampler.health();
        if (health.isEmpty()) {
            return "the profile enables no sensor (each one has status: disabled)";
        }
        List<String> failing = new ArrayList<>();
        for (SensorConfig sensor : profile.enabledSensors()) {
            SensorHealth h = health.getOrDefault(sensor.id(), SensorHealth.OK);
            h.lastError()
                    .ifPresent(e -> failing.add("%s (%s) failed %d time(s): %s"
                            .formatted(sensor.id(), sensor.compatible(), h.failures(), withoutId(sensor.id(), e))));
        }
        if (failing.isEmpty()) {
            return "no sensor finished its first sample yet";
        }
        String others = failing.size() < health.size() ? "; the others had not finished a sample yet" : "";
        return String.join("; ", failing) + others;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Called once when an update asks for a restart ({@code fieldnode run} then stops the node and exits with {@link
     * #RESTART_EXIT_CODE}).
     */
    public void onRestart(Runnable listener) {
        this.restartListener = listener;
    }

    /** Whether an update asked this node to restart (a new release is current, or a trial failed). */
    public boolean restartAsked() {
        return restartAsked.get();
    }

    /** The exit code of {@code fieldnode run} when an update asked for a restart (sysexits.h EX_TEMPFAIL). */
    public static final int RESTART_EXIT_CODE = UpdateWiring.RESTART_EXIT_CODE;

    /** An update asks for a restart: the run's listener ends it, or without one the process exits at once. */
    void askRestart() {
        if (!restartAsked.compareAndSet(false, true)) {
            return;
        }
        Runnable listener = restartListener;
        if (listener != null) {
            Logger.info("Restarting for the update (exit code {})", RESTART_EXIT_CODE);
            listener.run();
        } else {
            Logger.info("Restarting for the update: exiting with {}", RESTART_EXIT_CODE);
            System.exit(RESTART_EXIT_CODE);
        }
    }

    /** The update agent of a node in the packaged layout (tests). */
    Optional<org.fieldnode.runtime.update.UpdateAgent> updateAgent() {
        return updates.map(UpdateWiring::agent);
    }

    public NodeStats stats() {
        DeliveryStats d = delivery.stats();
        return new NodeStats(
                sampledByEarlierSchedulers + sampler.sampled(),
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
        updates.ifPresent(UpdateWiring::close);
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
