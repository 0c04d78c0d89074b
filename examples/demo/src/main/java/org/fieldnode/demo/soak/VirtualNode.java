// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.ClockTrust;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.sampling.SamplingScheduler;
import org.fieldnode.runtime.sampling.VirtualScheduler;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.QueueSettings;

/**
 * The sampling half of a node in virtual time, for fault scenarios that need hours of readings in seconds: the real
 * drivers ({@code env0} a BME280 at 0x76, {@code lux0} a BH1750 at 0x23, both on simulated I2C bus {@code i2c1})
 * under the real {@link SamplingScheduler} on a {@link VirtualScheduler}, appending to the real
 * {@link DurableReadingQueue}. The wall clock starts at {@code wallStart}, is trusted, and can be stepped.
 */
final class VirtualNode implements AutoCloseable {
    static final int BME280 = 0x76;
    static final int BH1750 = 0x23;

    private final VirtualScheduler clock;
    private final SimulatedBusProvider buses;
    private final SamplingScheduler sampler;
    private final DurableReadingQueue queue;
    private final Profile profile;
    private final DriverRegistry drivers;
    private boolean closed;
    private boolean queueClosed;

    VirtualNode(QueueSettings settings, Duration interval, Instant wallStart) throws IOException {
        this.clock = new VirtualScheduler(wallStart);
        this.drivers = DriverRegistry.load();
        try {
            profile = new ProfileLoader(drivers.compatibles())
                    .parse("virtual-node.yaml", """
                    board: simulated
                    buses: { i2c1: { kind: i2c, simulated: true } }
                    sensors:
                      - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: %1$s }
                      - { id: lux0, compatible: "rohm,bh1750", bus: i2c1, reg: 0x23, interval: %1$s }
                    """.formatted(interval.toSeconds() + "s"));
        } catch (ProfileException e) {
            throw new IllegalStateException("the built-in fault profile is invalid: " + e.getMessage(), e);
        }
        FakeSleeper sleeper = new FakeSleeper();
        this.buses = SimulatedBusProvider.populatedWith(
                SimulatedChips.standard(clock::wallTime, sleeper, 11),
                profile.enabledSensors().stream().map(SensorConfig::toNode).toList());
        this.queue = DurableReadingQueue.open(settings);
        List<SamplingScheduler.BoundSensor> bound = new ArrayList<>();
        for (SensorConfig s : profile.enabledSensors()) {
            bound.add(new SamplingScheduler.BoundSensor(
                    s, drivers.find(s.compatible()).orElseThrow(), s.pipeline()));
        }
        this.sampler = SamplingScheduler.builder(bound, buses, queue::append)
                .clock(clock)
                .sleeper(sleeper)
                .clockTrust(ClockTrust.always())
                .random(new SplittableRandom(5))
                .build();
        sampler.start();
    }

    /** Lets {@code duration} of virtual time pass; every sample due on the way is taken and queued. */
    void advance(Duration duration) {
        // In steps, so that sensor back-off and recovery interleave as they would in real time.
        Duration left = duration;
        Duration step = Duration.ofMinutes(10);
        while (left.compareTo(step) > 0) {
            clock.advance(step);
            left = left.minus(step);
        }
        clock.advance(left);
    }

    void stepWallClock(Duration step) {
        clock.stepWallClock(step);
    }

    SimulatedI2cBus i2c() {
        return buses.i2cBus("i2c1");
    }

    Profile profile() {
        return profile;
    }

    DriverRegistry drivers() {
        return drivers;
    }

    SamplingScheduler sampler() {
        return sampler;
    }

    DurableReadingQueue queue() {
        return queue;
    }

    static QueueSettings queueSettings(Path dir) {
        // fsync once a second: these scenarios test counting and order, not power cuts (the kill loops do that)
        return QueueSettings.defaults(dir)
                .withFsync(org.fieldnode.runtime.store.FsyncPolicy.interval(Duration.ofSeconds(1)));
    }

    /** Stops sampling and closes the buses; the queue stays open for delivery (close it with {@link #closeQueue}). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sampler.close();
            clock.close();
            buses.close();
        }
    }

    void closeQueue() {
        if (!queueClosed) {
            queueClosed = true;
            queue.close();
        }
    }
}
