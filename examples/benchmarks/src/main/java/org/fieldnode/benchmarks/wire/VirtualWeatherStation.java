// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.wire;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.ClockTrust;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.sampling.Jitter;
import org.fieldnode.runtime.sampling.SamplingScheduler;
import org.fieldnode.runtime.sampling.VirtualScheduler;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.QueueSettings;

/**
 * The sampling half of a weather station in virtual time: the real BME280 driver on a register-level simulated chip
 * (following {@code DayNightWeather}) and the real pulse-counter driver on a simulated rain-gauge line, both every 5
 * minutes with the weather-station pipeline (temperature and humidity to 0.1, pressure to 1 Pa; the gauge's running
 * {@code count} only when it changes, at least hourly, next to the 5-minute {@code rain}), under the real
 * {@link SamplingScheduler} on a {@link VirtualScheduler}, appending to the real {@link DurableReadingQueue} with its
 * default settings (fsync per append). A day passes in a second or two.
 */
final class VirtualWeatherStation implements AutoCloseable {
    /** Four values every 5 minutes: temperature, humidity, pressure, rain (plus the gauge's count when it moves). */
    static final int VALUES_PER_CYCLE = 4;

    static final Duration INTERVAL = Duration.ofMinutes(5);

    private final VirtualScheduler clock;
    private final SimulatedBusProvider buses;
    private final SamplingScheduler sampler;
    private final DurableReadingQueue queue;

    /**
     * @param jitter the scheduler's jitter: {@link Jitter#DEFAULT} is what a node uses
     */
    VirtualWeatherStation(Path dir, Instant wallStart, Jitter jitter) throws IOException {
        this.clock = new VirtualScheduler(wallStart);
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile;
        try {
            profile = new ProfileLoader(drivers.compatibles())
                    .parse("bench-weather-station.yaml", """
                    board: simulated
                    buses:
                      i2c1: { kind: i2c, simulated: true }
                      rain: { kind: gpio, line: 17, simulated: true }
                    sensors:
                      - id: env0
                        compatible: bosch,bme280
                        bus: i2c1
                        reg: 0x76
                        interval: 5m
                        properties: { oversampling: 1, filter: 0 }
                        pipeline:
                          - { stage: resolution, step: 0.1, quantity: temperature }
                          - { stage: resolution, step: 0.1, quantity: humidity }
                          - { stage: resolution, step: 1, quantity: pressure }
                      - id: rain0
                        compatible: fieldnode,pulse-counter
                        bus: rain
                        interval: 5m
                        properties: { mm-per-pulse: 0.2794, simulated-hz: 0.0005, state-dir: "%s" }
                        pipeline:  # the running total only when it changes, at least hourly
                          - { stage: deadband, step: 1, max-silence: 1h, quantity: count }
                    """.formatted(dir.resolve("counters")));
        } catch (ProfileException e) {
            throw new IllegalStateException("the built-in bench profile is invalid: " + e.getMessage(), e);
        }
        Sleeper sleeper = new VirtualSleeper(clock);
        this.buses = SimulatedBusProvider.populatedWith(
                SimulatedChips.standard(clock::wallTime, sleeper, 17),
                profile.enabledSensors().stream().map(SensorConfig::toNode).toList());
        this.queue = DurableReadingQueue.open(QueueSettings.defaults(dir.resolve("queue")));
        List<SamplingScheduler.BoundSensor> bound = new ArrayList<>();
        for (SensorConfig s : profile.enabledSensors()) {
            bound.add(new SamplingScheduler.BoundSensor(
                    s, drivers.find(s.compatible()).orElseThrow(), s.pipeline()));
        }
        this.sampler = SamplingScheduler.builder(bound, buses, queue::append)
                .clock(clock)
                .sleeper(sleeper)
                .clockTrust(ClockTrust.always())
                .jitter(jitter)
                .random(new SplittableRandom(5))
                .build();
        sampler.start();
    }

    /** Lets {@code duration} of virtual time pass; every sample due on the way is taken and queued. */
    void advance(Duration duration) {
        clock.advance(duration);
    }

    DurableReadingQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        sampler.close();
        clock.close();
        buses.close();
        queue.close();
    }

    /**
     * Driver waits in virtual time: the scheduler's monotonic clock plus whatever the drivers slept, so that a
     * conversion time passes when a driver waits for it and the rain gauge's pulses follow the day.
     */
    private static final class VirtualSleeper implements Sleeper {
        private final VirtualScheduler clock;
        private final AtomicLong slept = new AtomicLong();

        VirtualSleeper(VirtualScheduler clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            slept.addAndGet(Math.max(0, duration.toNanos()));
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime() + slept.get();
        }
    }
}
