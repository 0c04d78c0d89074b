// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.PipelineSpec;

/**
 * A driver whose sensors do what each test scripts (fail to open, fail to fetch, hang), and record when they were
 * opened and fetched, in the virtual scheduler's time. Thread-safe: fetches run on worker threads.
 */
final class ScriptedSensors implements SensorDriverFactory {
    static final String COMPATIBLE = "test,scripted";

    private final VirtualScheduler clock;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    ScriptedSensors(VirtualScheduler clock) {
        this.clock = clock;
    }

    SamplingScheduler.BoundSensor bind(String id, Duration interval) {
        return bind(id, interval, PipelineSpec.none());
    }

    SamplingScheduler.BoundSensor bind(String id, Duration interval, PipelineSpec pipeline) {
        scripts.put(id, new Script());
        return new SamplingScheduler.BoundSensor(
                new SensorConfig(id, COMPATIBLE, "i2c1", 0x40, interval, true, Map.of()), this, pipeline);
    }

    Script script(String id) {
        return scripts.get(id);
    }

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.AMBIENT_TEMPERATURE);
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Script script = scripts.get(node.id());
        script.opens.add(clock.wallTime());
        synchronized (script) {
            if (script.failOpens > 0) {
                script.failOpens--;
                throw new DeviceNotFoundException(node.id(), "no answer at 0x40");
            }
        }
        return new ScriptedSensor(new SensorInfo(node.id(), COMPATIBLE, channels()), script);
    }

    /** What one sensor will do next, and what it did. */
    static final class Script {
        final List<Instant> opens = new CopyOnWriteArrayList<>();
        final List<Instant> fetches = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();
        final Deque<DeviceException> fetchFaults = new ArrayDeque<>();
        volatile double value = 20.0;
        private int failOpens;
        private int hangAtFetch = -1;
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch returned = new CountDownLatch(1);

        synchronized void failOpens(int times) {
            failOpens = times;
        }

        synchronized void failFetches(int times, boolean transientFault) {
            for (int i = 0; i < times; i++) {
                fetchFaults.add(new BusException("s", "NACK", transientFault));
            }
        }

        /** The fetch with this 0-based index blocks, ignoring interrupts, until {@link #release()}. */
        synchronized void hangAtFetch(int index) {
            hangAtFetch = index;
        }

        /** Lets the hung fetch return, and waits until it has. */
        void release() throws InterruptedException {
            released.countDown();
            returned.await();
        }

        synchronized DeviceException nextFault() {
            return fetchFaults.poll();
        }

        boolean hangsNow() {
            synchronized (this) {
                return fetches.size() - 1 == hangAtFetch;
            }
        }

        void hang() {
            try {
                while (true) {
                    try {
                        released.await();
                        return;
                    } catch (InterruptedException e) {
                        // A bus read that ignores interrupts: the worst case the sampler must survive.
                    }
                }
            } finally {
                returned.countDown();
            }
        }
    }

    private final class ScriptedSensor implements Sensor {
        private final SensorInfo info;
        private final Script script;

        ScriptedSensor(SensorInfo info, Script script) {
            this.info = info;
            this.script = script;
        }

        @Override
        public SensorInfo info() {
            return info;
        }

        @Override
        public Measurement fetch() throws DeviceException {
            script.fetches.add(clock.wallTime());
            if (script.hangsNow()) {
                script.hang();
            }
            DeviceException fault = script.nextFault();
            if (fault != null) {
                throw fault;
            }
            return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, script.value));
        }

        @Override
        public void close() {
            script.closes.incrementAndGet();
        }
    }
}
