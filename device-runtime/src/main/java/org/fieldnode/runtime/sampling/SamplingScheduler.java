// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * Samples every enabled sensor at its own interval on one thread, stamps the values with the wall clock and the
 * monotonic clock, and hands them on. A failing sensor costs only its own cycle (see {@link SensorSlot}).
 */
public final class SamplingScheduler implements AutoCloseable {
    private final List<SensorSlot> slots = new ArrayList<>();
    private final Consumer<List<Reading>> sink;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService executor;
    private final AtomicLong sampled = new AtomicLong();

    /**
     * @param sensors the enabled sensors, each with the driver that binds it
     * @param sink receives each cycle's readings, on the sampler thread
     */
    public SamplingScheduler(
            List<BoundSensor> sensors,
            BusProvider buses,
            Sleeper sleeper,
            InstantSource clock,
            Consumer<List<Reading>> sink) {
        for (BoundSensor s : sensors) {
            slots.add(new SensorSlot(s.config(), s.factory(), buses, sleeper));
        }
        this.sink = sink;
        this.clock = clock;
        this.sleeper = sleeper;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldnode-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling: every sensor once now, then at its interval. */
    public void start() {
        for (SensorSlot slot : slots) {
            long period = slot.config().interval().toMillis();
            executor.scheduleAtFixedRate(() -> cycle(slot), 0, period, TimeUnit.MILLISECONDS);
        }
        Logger.info("Sampling {} sensor(s)", slots.size());
    }

    private void cycle(SensorSlot slot) {
        List<Reading> readings = slot.sample(sleeper.nanoTime(), clock.instant());
        if (!readings.isEmpty()) {
            sampled.addAndGet(readings.size());
            Logger.debug("Sampled {}: {}", slot.config().id(), readings);
            sink.accept(readings);
        }
    }

    /** Readings produced so far. */
    public long sampled() {
        return sampled.get();
    }

    /** The sensors currently failing, by id. */
    public List<String> failingSensors() {
        return slots.stream()
                .filter(s -> !s.healthy())
                .map(s -> s.config().id())
                .toList();
    }

    /** Stops sampling, waits for a running cycle to finish and closes the sensors. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                Logger.warn("A sampling cycle did not finish within 5 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.forEach(SensorSlot::close);
    }

    /** A configured sensor with the driver factory that binds its {@code compatible}. */
    public record BoundSensor(SensorConfig config, org.fieldnode.drivers.api.SensorDriverFactory factory) {}
}
