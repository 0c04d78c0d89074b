// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Level;

/**
 * Samples every enabled sensor at its own interval (1 s to 24 h), runs each sensor's readings through its pipeline
 * and hands what comes out to the sink: sampler → pipeline → sink.
 *
 * <ul>
 *   <li><b>When.</b> While the {@link ClockTrust} says the wall clock is trusted, samples align to it (a 5-minute
 *       sensor at :00, :05, …); otherwise they follow the monotonic clock. Each sample is delayed by a random
 *       {@link Jitter} (default at most 2 % of the interval and 5 s) so that nodes do not act in lockstep. By
 *       default every sensor is also sampled once at start.
 *   <li><b>Isolation.</b> Opens and fetches run on workers, at most one per sensor at a time, under a deadline (the
 *       interval, at most 30 s by default). A fetch that overruns is abandoned and its sensor re-opened later; the
 *       other sensors keep their schedule. Health and back-off per sensor are described in {@link SensorHealth}.
 *   <li><b>Time.</b> Everything runs on a {@link SchedulerClock}; with a {@link VirtualScheduler} tests run hours
 *       of sampling in milliseconds.
 * </ul>
 *
 * The sink runs on the scheduler thread; it should be quick (an append to the queue).
 */
public final class SamplingScheduler implements AutoCloseable {
    /** Default upper bound of the fetch deadline; the deadline is the sensor's interval when that is shorter. */
    public static final Duration DEFAULT_FETCH_DEADLINE = Duration.ofSeconds(30);

    private final List<SensorSlot> slots = new ArrayList<>();
    private final Context context;
    private final boolean ownsClock;
    private final boolean sampleAtStart;
    private boolean started;
    private boolean closed;

    /**
     * Samples on the system clocks, with the wall clock untrusted (monotonic schedules), default jitter and
     * deadlines, and no pipeline stages beyond those in each {@link BoundSensor}.
     *
     * @param sensors the enabled sensors, each with the driver that binds it
     * @param sink receives each sample's readings after the sensor's pipeline, on the scheduler thread
     */
    public SamplingScheduler(
            List<BoundSensor> sensors,
            BusProvider buses,
            Sleeper sleeper,
            InstantSource clock,
            Consumer<List<Reading>> sink) {
        this(
                builder(sensors, buses, sink).sleeper(sleeper).clock(new SystemSchedulerClock(clock, sensors.size())),
                true);
    }

    private SamplingScheduler(Builder b, boolean ownsClock) {
        this.ownsClock = ownsClock;
        this.sampleAtStart = b.sampleAtStart;
        this.context =
                new Context(b.clock, b.trust, b.jitter, b.random, b.fetchDeadline, b.buses, b.sleeper, b.log, b.sink);
        for (BoundSensor s : b.sensors) {
            Duration interval = s.config().interval();
            if (!Intervals.isSampleInterval(interval)) {
                throw new IllegalArgumentException(s.config().id() + ": interval must be from "
                        + Intervals.format(Intervals.SAMPLE_MIN) + " to " + Intervals.format(Intervals.SAMPLE_MAX)
                        + ", got " + Intervals.format(interval));
            }
            slots.add(new SensorSlot(s, context));
        }
    }

    /**
     * A scheduler to configure; by default it runs on the system clocks (which it then owns and closes), with an
     * untrusted wall clock, {@link Jitter#DEFAULT}, a {@link #DEFAULT_FETCH_DEADLINE} and a sample at start.
     */
    public static Builder builder(List<BoundSensor> sensors, BusProvider buses, Consumer<List<Reading>> sink) {
        return new Builder(sensors, buses, sink);
    }

    /** Starts sampling. Call once. */
    public void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        // Slots are touched only on the scheduler thread, so start them there.
        context.clock.execute(() -> slots.forEach(s -> s.start(sampleAtStart)));
        context.log.log(Level.INFO, "Sampling {} sensor(s)", slots.size());
    }

    /** Readings handed to the sink so far, after the pipelines (a deadband drops some). */
    public long sampled() {
        return context.sampled.get();
    }

    /** Readings the sensors produced so far, before the pipelines. */
    public long measured() {
        return context.measured.get();
    }

    /** The sensors currently failing or backing off, by id. */
    public List<String> failingSensors() {
        return slots.stream().filter(s -> !s.health().ok()).map(SensorSlot::id).toList();
    }

    /** Every sensor's health, by id, in profile order. */
    public Map<String, SensorHealth> health() {
        Map<String, SensorHealth> health = new LinkedHashMap<>();
        slots.forEach(s -> health.put(s.id(), s.health()));
        return health;
    }

    /**
     * Stops sampling and closes the sensors. When the scheduler owns its clock it stops the clock's threads first
     * (waiting for a running task); with an injected clock, call this from the scheduler thread or after stopping
     * the clock. A sensor whose fetch is hung is interrupted and left to its worker.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsClock) {
            context.clock.close();
        }
        slots.forEach(SensorSlot::close);
    }

    /** A configured sensor with the driver factory that binds its {@code compatible} and its pipeline. */
    public record BoundSensor(SensorConfig config, SensorDriverFactory factory, PipelineSpec pipeline) {
        public BoundSensor {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(pipeline, "pipeline");
        }

        /** A sensor whose readings pass unchanged. */
        public BoundSensor(SensorConfig config, SensorDriverFactory factory) {
            this(config, factory, PipelineSpec.none());
        }
    }

    /** Options of a {@link SamplingScheduler}; each has a default. */
    public static final class Builder {
        private final List<BoundSensor> sensors;
        private final BusProvider buses;
        private final Consumer<List<Reading>> sink;
        private Sleeper sleeper = Sleeper.system();
        private SchedulerClock clock;
        private ClockTrust trust = ClockTrust.never();
        private Jitter jitter = Jitter.DEFAULT;
        private RandomGenerator random = new SplittableRandom();
        private Duration fetchDeadline = DEFAULT_FETCH_DEADLINE;
        private boolean sampleAtStart = true;
        private LogSink log = LogSink.TINYLOG;

        private Builder(List<BoundSensor> sensors, BusProvider buses, Consumer<List<Reading>> sink) {
            this.sensors = List.copyOf(sensors);
            this.buses = Objects.requireNonNull(buses, "buses");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /** What drivers wait with; default the real one. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Time and threads; the scheduler does not close a clock it is given. Default: system clocks. */
        public Builder clock(SchedulerClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether the wall clock is trusted, asked before each sample is scheduled. Default: never. */
        public Builder clockTrust(ClockTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        public Builder jitter(Jitter jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** Source of jitter; seed one in tests. Default: a fresh {@link SplittableRandom}. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Upper bound of a fetch's deadline (the deadline is the interval when that is shorter). */
        public Builder fetchDeadline(Duration fetchDeadline) {
            if (fetchDeadline.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("fetch deadline must be >= 100ms, got " + fetchDeadline);
            }
            this.fetchDeadline = fetchDeadline;
            return this;
        }

        /** Whether every sensor is sampled once at start, before its first scheduled sample. Default: yes. */
        public Builder sampleAtStart(boolean sampleAtStart) {
            this.sampleAtStart = sampleAtStart;
            return this;
        }

        /** Where health messages go; default tinylog. */
        public Builder log(LogSink log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * @throws IllegalArgumentException when a sensor's interval is outside 1s to 1d
         */
        public SamplingScheduler build() {
            if (clock == null) {
                clock = new SystemSchedulerClock(InstantSource.system(), sensors.size());
                return new SamplingScheduler(this, true);
            }
            return new SamplingScheduler(this, false);
        }
    }

    /** What every slot shares; its counters are read from any thread. */
    static final class Context {
        private final SchedulerClock clock;
        private final ClockTrust trust;
        private final Jitter jitter;
        private final RandomGenerator random;
        private final Duration fetchDeadline;
        private final BusProvider buses;
        private final Sleeper sleeper;
        private final LogSink log;
        private final Consumer<List<Reading>> sink;
        private final AtomicLong sampled = new AtomicLong();
        private final AtomicLong measured = new AtomicLong();
        private boolean trustFailed;
        private boolean sinkFailing;

        Context(
                SchedulerClock clock,
                ClockTrust trust,
                Jitter jitter,
                RandomGenerator random,
                Duration fetchDeadline,
                BusProvider buses,
                Sleeper sleeper,
                LogSink log,
                Consumer<List<Reading>> sink) {
            this.clock = clock;
            this.trust = trust;
            this.jitter = jitter;
            this.random = random;
            this.fetchDeadline = fetchDeadline;
            this.buses = buses;
            this.sleeper = sleeper;
            this.log = log;
            this.sink = sink;
        }

        SchedulerClock clock() {
            return clock;
        }

        Jitter jitter() {
            return jitter;
        }

        RandomGenerator random() {
            return random;
        }

        Duration fetchDeadline() {
            return fetchDeadline;
        }

        BusProvider buses() {
            return buses;
        }

        Sleeper sleeper() {
            return sleeper;
        }

        LogSink log() {
            return log;
        }

        /** The trust supplier's answer; a supplier that throws counts as untrusted (logged once). */
        boolean trusted() {
            try {
                return trust.trusted();
            } catch (RuntimeException e) {
                if (!trustFailed) {
                    trustFailed = true;
                    log.log(Level.WARN, "Clock trust check failed, treating the clock as untrusted: {}", e.toString());
                }
                return false;
            }
        }

        void measured(int readings) {
            measured.addAndGet(readings);
        }

        void deliver(String sensorId, List<Reading> readings) {
            try {
                sink.accept(readings);
                sampled.addAndGet(readings.size());
                if (sinkFailing) {
                    sinkFailing = false;
                    log.log(Level.INFO, "Readings are queued again");
                }
            } catch (RuntimeException e) {
                // The queue's own problem (full, disk error) is its to report; the sampler keeps its schedule.
                log.log(
                        sinkFailing ? Level.DEBUG : Level.ERROR,
                        "Readings of {} could not be queued: {}",
                        sensorId,
                        e.toString());
                sinkFailing = true;
            }
        }
    }
}
