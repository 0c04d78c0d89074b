// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

import java.io.IOException;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.EdgeCounter;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.Sleeper;
import org.tinylog.Logger;

/**
 * A pulse counter on one GPIO input: tipping-bucket rain gauge, cup anemometer or flow meter (reed switch or hall
 * sensor, pull-up, closing to ground). Edges are debounced by the line; the counter counts one direction.
 *
 * <p>Each {@link #fetch()} reports, for the pulses since the previous fetch (or since open):
 *
 * <ul>
 *   <li>rain: {@code rain} = pulses × {@code mm-per-pulse}, in mm for that interval;
 *   <li>wind: {@code wind_speed} = pulses / seconds × {@code ms-per-hz}, in m/s averaged over it;
 *   <li>flow: {@code flow} = pulses × {@code litres-per-pulse} / seconds, in l/s averaged over it;
 * </ul>
 *
 * and {@code count}, the running total of pulses since the counter was first installed. The total survives
 * restarts: it is loaded at open and saved ({@link CountStore}: temporary file, fsync, atomic rename) at every
 * fetch that saw pulses and at close. Pulses while the node is down are not seen. Intervals are measured on the
 * injected {@link Sleeper} clock.
 */
public final class PulseCounter implements Sensor {
    private final SensorInfo info;
    private final EdgeCounter counter;
    private final PulseCounterSettings settings;
    private final Sleeper clock;
    private final CountStore store;
    private final long baseTotal;
    private long countAtLastFetch;
    private long savedTotal;
    private long lastFetchNanos;
    private boolean closed;

    private PulseCounter(
            SensorInfo info, GpioLine line, PulseCounterSettings settings, Sleeper clock, CountStore store) {
        this.info = info;
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.baseTotal = store.load();
        this.savedTotal = baseTotal;
        this.counter = new EdgeCounter(line, settings.edge());
        this.lastFetchNanos = clock.nanoTime();
    }

    /** Starts counting on {@code line} (an input opened with the settings' debounce). Takes ownership of it. */
    public static PulseCounter open(SensorInfo info, GpioLine line, PulseCounterSettings settings, Sleeper clock) {
        try {
            PulseCounter sensor =
                    new PulseCounter(info, line, settings, clock, new CountStore(settings.stateDir(), info.id()));
            Logger.info(
                    "{}: pulse counter ({}) on line {}, total so far {}",
                    info.id(),
                    settings.mode(),
                    line.offset(),
                    sensor.baseTotal);
            return sensor;
        } catch (RuntimeException e) {
            line.close();
            throw e;
        }
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        long now = clock.nanoTime();
        long count = counter.count();
        long pulses = count - countAtLastFetch;
        double seconds = (now - lastFetchNanos) / 1e9;
        if (settings.mode() != PulseMode.RAIN && seconds <= 0) {
            throw new DataNotReadyException(info.id(), "no time passed since the last fetch");
        }
        countAtLastFetch = count;
        lastFetchNanos = now;
        long total = baseTotal + count;
        persist(total);
        double value = switch (settings.mode()) {
            case RAIN -> pulses * settings.scale();
            case WIND -> pulses / seconds * settings.scale();
            case FLOW -> pulses * settings.scale() / seconds;
        };
        if (settings.mode() == PulseMode.RAIN && settings.total()) {
            // The accumulation since installation, in metres (the bucket's scale is mm per tip).
            return new Measurement(Map.of(
                    Channel.RAIN,
                    value,
                    Channel.COUNT,
                    (double) total,
                    Channel.RAIN_TOTAL,
                    total * settings.scale() / 1000));
        }
        return new Measurement(Map.of(settings.mode().channel(), value, Channel.COUNT, (double) total));
    }

    /** The running total: saved pulses plus those counted since open. */
    public long total() {
        return baseTotal + counter.count();
    }

    private void persist(long total) {
        if (total == savedTotal) {
            return;
        }
        try {
            store.save(total);
            savedTotal = total;
        } catch (IOException e) {
            Logger.warn("{}: cannot save pulse total to {}: {}", info.id(), store.file(), e.toString());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            persist(total());
        } finally {
            counter.close();
        }
    }
}
