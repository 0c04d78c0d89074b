// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * One configured sensor and its health: opened lazily, closed after a permanent fault and re-opened after an
 * exponential back-off, so that one failing chip never stops the others. Logs a fault when the health changes,
 * not on every cycle.
 */
final class SensorSlot {
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final SensorConfig config;
    private final SensorDriverFactory factory;
    private final BusProvider buses;
    private final Sleeper sleeper;
    private Sensor sensor;
    private Duration backoff = FIRST_BACKOFF;
    private long reopenAtNanos = Long.MIN_VALUE;
    private volatile String lastFault;

    SensorSlot(SensorConfig config, SensorDriverFactory factory, BusProvider buses, Sleeper sleeper) {
        this.config = config;
        this.factory = factory;
        this.buses = buses;
        this.sleeper = sleeper;
    }

    SensorConfig config() {
        return config;
    }

    /** True while the sensor works; false after a fault until a fetch succeeds again. */
    boolean healthy() {
        return lastFault == null;
    }

    /** Samples once; returns the readings, or none when the sensor is failing. */
    List<Reading> sample(long monotonicNanos, java.time.Instant now) {
        try {
            if (sensor == null) {
                if (monotonicNanos < reopenAtNanos) {
                    return List.of();
                }
                sensor = factory.open(config.toNode(), buses, sleeper);
                Logger.info(
                        "Sensor {} ({}) opened on {} at 0x{}",
                        config.id(),
                        config.compatible(),
                        config.bus(),
                        Integer.toHexString(config.address()));
            }
            Measurement m = sensor.fetch();
            recovered();
            List<Reading> readings = new ArrayList<>(m.values().size());
            for (Map.Entry<Channel, Double> e : m.values().entrySet()) {
                readings.add(new Reading(config.id(), e.getKey(), e.getValue(), monotonicNanos, now));
            }
            return readings;
        } catch (DeviceException e) {
            failed(e, monotonicNanos);
            return List.of();
        } catch (RuntimeException e) {
            // A driver bug must not stop the sampler: treat it as a permanent fault of this sensor.
            failed(e, monotonicNanos);
            return List.of();
        }
    }

    private void recovered() {
        if (lastFault != null) {
            Logger.info("Sensor {} recovered", config.id());
            lastFault = null;
        }
        backoff = FIRST_BACKOFF;
    }

    private void failed(Exception e, long monotonicNanos) {
        boolean permanent = !(e instanceof DeviceException de) || !de.isTransient();
        String fault = e.getMessage();
        if (!fault.equals(lastFault)) {
            Logger.warn(
                    "Sensor {} failing: {}{}",
                    config.id(),
                    fault,
                    permanent ? " (will re-open in " + backoff.toSeconds() + "s)" : "");
        } else {
            Logger.debug("Sensor {} still failing: {}", config.id(), fault);
        }
        lastFault = fault;
        if (permanent) {
            close();
            reopenAtNanos = monotonicNanos + backoff.toNanos();
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    void close() {
        if (sensor != null) {
            sensor.close();
            sensor = null;
        }
    }
}
