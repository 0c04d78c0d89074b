// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.OneWireBus;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A simulated 1-Wire line as the kernel's {@code w1} subsystem shows it: probes {@link #attach attached} appear in
 * the listing, {@link #detach detached} ones vanish (disconnect) until attached again (reconnect). A read waits
 * the probe's conversion time on the shared {@link Sleeper}, as the kernel does. Handles are counted.
 */
public final class SimulatedOneWireLine {
    private final String name;
    private final Sleeper clock;
    private final Map<String, SimulatedDs18b20> probes = new TreeMap<>();
    private final Set<Handle> openHandles = new LinkedHashSet<>();

    public SimulatedOneWireLine(String name, Sleeper clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    /** @throws IllegalArgumentException when a probe with the same id is attached */
    public synchronized void attach(SimulatedDs18b20 probe) {
        if (probes.putIfAbsent(probe.id(), probe) != null) {
            throw new IllegalArgumentException("%s: %s is already on the line".formatted(name, probe.id()));
        }
    }

    /** Takes the probe off the line, as a cut cable does. */
    public synchronized void detach(String id) {
        probes.remove(id);
    }

    public synchronized List<String> ids() {
        return List.copyOf(probes.keySet());
    }

    public synchronized OneWireBus open(String sensorId) {
        Handle handle = new Handle(Objects.requireNonNull(sensorId, "sensorId"));
        openHandles.add(handle);
        return handle;
    }

    public synchronized int openHandleCount() {
        return openHandles.size();
    }

    /** @throws AssertionError when a handle is still open */
    public synchronized void assertNoOpenHandles() {
        if (!openHandles.isEmpty()) {
            throw new AssertionError("%s: %d handle(s) left open".formatted(name, openHandles.size()));
        }
    }

    synchronized void closeAll() {
        openHandles.clear();
    }

    private synchronized SimulatedDs18b20 probe(String id) {
        return probes.get(id);
    }

    private final class Handle implements OneWireBus {
        private final String sensorId;
        private volatile boolean closed;

        Handle(String sensorId) {
            this.sensorId = sensorId;
        }

        @Override
        public List<String> devices(int family) {
            checkOpen();
            String prefix = "%02x-".formatted(family);
            return ids().stream().filter(id -> id.startsWith(prefix)).toList();
        }

        @Override
        public String readSlave(String deviceId) throws DeviceException {
            checkOpen();
            SimulatedDs18b20 probe = probe(deviceId);
            if (probe == null) {
                throw new DeviceNotFoundException(sensorId, "no 1-Wire slave %s on %s".formatted(deviceId, name));
            }
            clock.sleep(probe.conversionTime());
            try {
                return probe.readW1Slave();
            } catch (IOException e) {
                throw new BusException(sensorId, "reading %s failed: %s".formatted(deviceId, e.getMessage()), true, e);
            }
        }

        @Override
        public void close() {
            closed = true;
            synchronized (SimulatedOneWireLine.this) {
                openHandles.remove(this);
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException(sensorId + ": 1-Wire handle used after close");
            }
        }
    }
}
