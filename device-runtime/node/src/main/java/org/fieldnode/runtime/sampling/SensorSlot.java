// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.runtime.pipeline.Pipeline;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.fieldnode.runtime.sampling.FetchAttempt.Outcome;
import org.fieldnode.security.retry.Backoff;
import org.tinylog.Level;

/**
 * One sensor's schedule, health and pipeline. Every method except {@link #health()} runs on the scheduler thread;
 * the sensor's open and fetch run on a worker, at most one at a time, under a deadline.
 *
 * <p>Health: a transient fault (NACK, data not ready) leaves the sensor open and it is tried again at its next
 * sample; a permanent fault, a driver bug, three transient faults in a row, or a fetch that overruns its deadline
 * closes it and re-opens it after a back-off that doubles from 1 s to 10 min and resets after a good fetch ({@link
 * #REOPEN}: the step itself, without jitter, as a local bus has no peer to stampede). Samples due while it backs off,
 * or while a hung fetch is still out, are skipped; a re-open does not sample off schedule.
 *
 * <p>Logs: the first failure at warn, repeats at debug, a warn summary at most every 10 minutes while it fails, the
 * recovery at info.
 */
final class SensorSlot {
    /** The most a tick may be late and still be stamped with its planned instant. */
    private static final Duration ON_TIME = Duration.ofSeconds(1);

    /** When a failed sensor is re-opened: 1 s after the first re-open-worthy failure, doubling to 10 min. */
    static final Backoff REOPEN = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10));

    static final Duration SUMMARY_EVERY = Duration.ofMinutes(10);
    static final int TRANSIENT_LIMIT = 3;

    private final SamplingScheduler.BoundSensor bound;
    private final SamplingScheduler.Context context;
    private final Pipeline pipeline;
    private final Duration interval;
    private final Duration deadline;
    private final Cadence cadence;
    /** This sensor's {@link Jitter}: drawn once, so that its samples stay exactly one interval apart. */
    private final long phaseNanos;
    /** Within this of its due time a sample is stamped with its planned instant (see {@link #plannedAt}). */
    private final long onTimeNanos;

    /** The driver's personal channels that the profile does not keep (SECURITY R21): dropped as they are fetched. */
    private final Set<Channel> withheld;

    private long dueNanos;
    private Instant plannedWall;

    /** Touched by the worker while an attempt is out and by the scheduler thread otherwise. */
    private volatile Sensor sensor;

    private volatile SensorHealth health = SensorHealth.OK;
    private boolean everOpened;
    private SchedulerClock.Timer nextTick;
    private SchedulerClock.Timer deadlineTimer;
    private SchedulerClock.Timer probeTimer;
    private FetchAttempt inFlight;
    private long inFlightSinceNanos;
    private int reopens; // re-opens in a row since the last good fetch
    private long failingSinceNanos;
    private Instant failingSince;
    private int failures;
    private int transientInARow;
    private long lastWarnNanos;
    private long refusedLogged;
    private boolean closed;

    SensorSlot(SamplingScheduler.BoundSensor bound, SamplingScheduler.Context context) {
        this.bound = bound;
        this.context = context;
        this.pipeline = Pipeline.build(bound.pipeline());
        this.interval = bound.config().interval();
        this.deadline = interval.compareTo(context.fetchDeadline()) < 0 ? interval : context.fetchDeadline();
        this.cadence = new Cadence(interval);
        this.phaseNanos = context.jitter().draw(interval, context.random());
        this.onTimeNanos = Math.min(ON_TIME.toNanos(), interval.toNanos() / 10);
        Set<Channel> withheld = EnumSet.noneOf(Channel.class);
        withheld.addAll(bound.factory().personalChannels());
        withheld.removeAll(bound.config().personal());
        this.withheld = withheld;
        if (!withheld.isEmpty()) {
            context.log().log(
                    Level.INFO,
                    "Sensor {}: personal quantities {} are not kept (a profile keeps them with personal: [...])",
                    id(),
                    withheld.stream().map(Channel::quantity).sorted().toList());
        }
    }

    String id() {
        return bound.config().id();
    }

    SensorHealth health() {
        return health;
    }

    Duration deadline() {
        return deadline;
    }

    void start(boolean sampleAtStart) {
        if (sampleAtStart) {
            nextTick = context.clock().schedule(context.clock().nanoTime(), this::tick);
        } else {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        SchedulerClock clock = context.clock();
        long nominal = cadence.next(clock.nanoTime(), clock.wallTime(), context.trusted());
        dueNanos = nominal + phaseNanos;
        Instant slot = cadence.lastSlot();
        plannedWall = slot == null ? null : slot.plusNanos(phaseNanos);
        nextTick = clock.schedule(dueNanos, this::tick);
    }

    private void tick() {
        if (closed) {
            return;
        }
        Instant planned = plannedAt(dueNanos, plannedWall);
        scheduleNext();
        if (inFlight != null) {
            long outFor = context.clock().nanoTime() - inFlightSinceNanos;
            context.log().log(Level.DEBUG, "Sensor {}: sample skipped, a fetch is out for {}", id(), nanos(outFor));
            return;
        }
        if (health instanceof SensorHealth.BackingOff) {
            context.log().log(Level.DEBUG, "Sensor {}: sample skipped while backing off", id());
            return;
        }
        launch(false, planned);
    }

    /**
     * The instant a sample is stamped with when it runs on time: its planned wall-clock instant (aligned slot plus
     * this sensor's phase), so that a sensor's readings are exactly one interval apart; null (stamp the actual time)
     * when the clock is not trusted or the tick is late by more than {@link #onTimeNanos} (a suspend, a busy CPU).
     * The difference from the actual start of the fetch is the scheduler's latency, milliseconds at most.
     */
    private Instant plannedAt(long due, Instant planned) {
        long late = context.clock().nanoTime() - due;
        return planned != null && late >= 0 && late <= onTimeNanos ? planned : null;
    }

    /** Starts an open-if-needed-and-fetch, or with {@code probeOnly} just an open, on a worker. */
    private void launch(boolean probeOnly, Instant planned) {
        SchedulerClock clock = context.clock();
        long monotonic = clock.nanoTime();
        // Milliseconds: finer than any sensor here resolves, exact through SenML's base-time arithmetic (so readings of
        // one instant keep one time across message boundaries), and fewer bytes in the queue and on the wire.
        Instant observedAt = (planned != null ? planned : clock.wallTime()).truncatedTo(ChronoUnit.MILLIS);
        FetchAttempt[] self = new FetchAttempt[1];
        FetchAttempt attempt = new FetchAttempt(
                () -> work(probeOnly),
                outcome -> clock.execute(() -> complete(self[0], outcome, monotonic, observedAt)));
        self[0] = attempt;
        inFlight = attempt;
        inFlightSinceNanos = monotonic;
        deadlineTimer = clock.schedule(monotonic + deadline.toNanos(), () -> overran(attempt));
        try {
            clock.workers().execute(attempt);
        } catch (RejectedExecutionException e) {
            deadlineTimer.cancel();
            inFlight = null;
            if (!closed) {
                failed("no worker to run the fetch: " + e.getMessage(), true);
            }
        }
    }

    /** On a worker: never throws. */
    private Outcome work(boolean probeOnly) {
        boolean opened = false;
        try {
            if (sensor == null) {
                sensor = bound.factory().open(bound.config().toNode(), context.buses(), context.sleeper());
                opened = true;
            }
            if (probeOnly) {
                return new FetchAttempt.Probed();
            }
            return new FetchAttempt.Fetched(sensor.fetch(), opened);
        } catch (Exception | LinkageError e) {
            return new FetchAttempt.Failed(e, opened);
        }
    }

    /** On the scheduler thread, when a worker posts its outcome. */
    private void complete(FetchAttempt attempt, Outcome outcome, long monotonic, Instant observedAt) {
        if (attempt != inFlight) {
            return;
        }
        inFlight = null;
        if (attempt.abandoned()) {
            // A hung fetch came back after its deadline: whatever it says, the sensor is suspect. Close it; the
            // pending re-open opens it afresh.
            context.log().log(
                    Level.DEBUG,
                    "Sensor {}: abandoned fetch returned after {}",
                    id(),
                    nanos(context.clock().nanoTime() - monotonic));
            closeSensor();
            return;
        }
        deadlineTimer.cancel();
        if (closed) {
            return;
        }
        if (outcome.opened()) {
            opened();
        }
        switch (outcome) {
            case FetchAttempt.Fetched f -> fetched(f.measurement(), monotonic, observedAt);
            case FetchAttempt.Probed p -> health = new SensorHealth.Failing(reason(), failingSince, failures);
            case FetchAttempt.Failed f -> failed(f.fault());
        }
    }

    private void opened() {
        var c = bound.config();
        if (!everOpened) {
            everOpened = true;
            context.log().log(
                    Level.INFO,
                    "Sensor {} ({}) opened on {} at 0x{}",
                    c.id(),
                    c.compatible(),
                    c.bus(),
                    Integer.toHexString(c.address()));
        } else {
            context.log().log(Level.DEBUG, "Sensor {} re-opened", c.id());
        }
    }

    /** On the scheduler thread, when an attempt's deadline passes before its outcome arrived. */
    private void overran(FetchAttempt attempt) {
        if (attempt != inFlight || closed) {
            return;
        }
        switch (attempt.abandon()) {
            case NEVER_STARTED -> inFlight = null;
            case ALREADY_DONE -> {
                return; // its outcome is already posted and runs next
            }
            case RUNNING -> {
                // Stays in flight until the worker returns, so that at most one fetch per sensor is ever out.
            }
        }
        failed("no answer within the " + Intervals.format(deadline) + " fetch deadline (abandoned)", true);
    }

    private void fetched(Measurement m, long monotonic, Instant observedAt) {
        recovered();
        TimeQuality quality = context.trusted() ? TimeQuality.SYNCED : TimeQuality.UNSYNCED;
        List<Reading> readings = new ArrayList<>(m.values().size());
        for (Map.Entry<Channel, Double> e : m.values().entrySet()) {
            if (withheld.contains(e.getKey())) {
                continue;
            }
            try {
                readings.add(new Reading(id(), e.getKey(), e.getValue(), monotonic, observedAt, quality));
            } catch (IllegalArgumentException notFinite) {
                context.log().log(Level.DEBUG, "Sensor {}: {}", id(), notFinite.getMessage());
            }
        }
        context.measured(readings.size());
        List<Reading> out = pipeline.apply(readings);
        if (pipeline.refused() > refusedLogged) {
            context.log().log(
                    refusedLogged == 0 ? Level.WARN : Level.DEBUG,
                    "Sensor {}: pipeline {} refused {} reading(s) so far (result not finite)",
                    id(),
                    pipeline,
                    pipeline.refused());
            refusedLogged = pipeline.refused();
        }
        if (!out.isEmpty()) {
            context.deliver(id(), out);
        }
    }

    private void recovered() {
        if (!health.ok()) {
            context.log().log(
                    Level.INFO,
                    "Sensor {} recovered after {} ({} failed attempt(s))",
                    id(),
                    nanos(context.clock().nanoTime() - failingSinceNanos),
                    failures);
        }
        health = SensorHealth.OK;
        reopens = 0;
        failures = 0;
        transientInARow = 0;
    }

    private void failed(Throwable fault) {
        boolean isTransient = fault instanceof DeviceException de && de.isTransient();
        transientInARow = isTransient ? transientInARow + 1 : 0;
        String reason = fault.getMessage() == null ? fault.getClass().getSimpleName() : fault.getMessage();
        if (!(fault instanceof DeviceException)) {
            reason = "driver error " + fault.getClass().getSimpleName() + ": " + reason;
        }
        failed(reason, !isTransient || transientInARow >= TRANSIENT_LIMIT);
    }

    private void failed(String reason, boolean reopen) {
        SchedulerClock clock = context.clock();
        long now = clock.nanoTime();
        boolean first = health.ok();
        if (first) {
            failingSinceNanos = now;
            failingSince = clock.wallTime();
            lastWarnNanos = now;
        }
        failures++;
        String retry = "";
        if (reopen) {
            transientInARow = 0;
            if (inFlight == null) {
                closeSensor();
            }
            Duration wait = REOPEN.step(++reopens);
            health = new SensorHealth.BackingOff(
                    reason, failingSince, failures, clock.wallTime().plus(wait));
            probeTimer = clock.schedule(now + wait.toNanos(), this::probe);
            retry = "re-open in " + Intervals.format(wait);
        } else {
            health = new SensorHealth.Failing(reason, failingSince, failures);
        }
        LogSink log = context.log();
        if (first) {
            log.log(Level.WARN, "Sensor {} failing: {}{}", id(), reason, retry.isEmpty() ? "" : " (" + retry + ")");
        } else if (now - lastWarnNanos >= SUMMARY_EVERY.toNanos()) {
            lastWarnNanos = now;
            log.log(
                    Level.WARN,
                    "Sensor {} still failing after {}: {} ({} failed attempt(s){})",
                    id(),
                    nanos(now - failingSinceNanos),
                    reason,
                    failures,
                    retry.isEmpty() ? "" : ", " + retry);
        } else {
            log.log(
                    Level.DEBUG,
                    "Sensor {} still failing: {}{}",
                    id(),
                    reason,
                    retry.isEmpty() ? "" : " (" + retry + ")");
        }
    }

    /** The back-off is over: re-open the sensor, without sampling off schedule. */
    private void probe() {
        if (closed) {
            return;
        }
        if (inFlight != null) {
            failed(
                    "the abandoned fetch is still hung after "
                            + nanos(context.clock().nanoTime() - inFlightSinceNanos),
                    true);
            return;
        }
        launch(true, null);
    }

    private String reason() {
        return health instanceof SensorHealth.BackingOff b
                ? b.reason()
                : health instanceof SensorHealth.Failing f ? f.reason() : "";
    }

    private void closeSensor() {
        Sensor s = sensor;
        sensor = null;
        if (s != null) {
            s.close();
        }
    }

    /** Stops the schedule and closes the sensor unless a worker is still inside it. */
    void close() {
        closed = true;
        for (SchedulerClock.Timer t : new SchedulerClock.Timer[] {nextTick, deadlineTimer, probeTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        if (inFlight == null || inFlight.abandon() == FetchAttempt.Abandon.NEVER_STARTED) {
            closeSensor();
        }
    }

    private static String nanos(long nanos) {
        return Intervals.format(Duration.ofMillis(Math.max(0, nanos) / 1_000_000));
    }
}
