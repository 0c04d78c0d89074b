// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.IioDevice;
import org.fieldnode.drivers.bus.linux.SysfsErrors;

/**
 * Simulated {@code /sys/bus/iio/devices}: devices found by name, read errors mapped exactly as
 * {@link org.fieldnode.drivers.bus.linux.SysfsIioDevice} maps the kernel's. A {@link #detach detached} device
 * leaves sysfs (its overlay was removed): reads through handles opened before fail as a vanished file does, until
 * it is attached again. Handles are counted.
 */
public final class SimulatedIioBus {
    private final String name;
    private final Map<String, SimulatedIioDevice> devices = new TreeMap<>();
    private final Set<Handle> openHandles = new LinkedHashSet<>();

    public SimulatedIioBus(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** @throws IllegalArgumentException when a device of that name is attached */
    public synchronized void attach(SimulatedIioDevice device) {
        if (devices.putIfAbsent(device.name(), device) != null) {
            throw new IllegalArgumentException("%s: an IIO device named %s exists".formatted(name, device.name()));
        }
    }

    public synchronized void detach(String deviceName) {
        devices.remove(deviceName);
    }

    /** @throws DeviceNotFoundException when no device has that name */
    public synchronized IioDevice open(String deviceName, String sensorId) throws DeviceNotFoundException {
        SimulatedIioDevice device = devices.get(deviceName);
        if (device == null) {
            throw new DeviceNotFoundException(
                    sensorId, "no IIO device named '%s' (found %s)".formatted(deviceName, devices.keySet()));
        }
        Handle handle = new Handle(device, sensorId);
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

    private synchronized boolean present(SimulatedIioDevice device) {
        return devices.get(device.name()) == device;
    }

    private final class Handle implements IioDevice {
        private final SimulatedIioDevice device;
        private final String sensorId;
        private volatile boolean closed;

        Handle(SimulatedIioDevice device, String sensorId) {
            this.device = device;
            this.sensorId = sensorId;
        }

        @Override
        public String name() {
            return device.name();
        }

        @Override
        public String read(String attribute) throws DeviceException {
            if (closed) {
                throw new IllegalStateException(sensorId + ": IIO handle used after close");
            }
            try {
                if (!present(device)) {
                    throw new NoSuchFileException("%s/%s".formatted(device.name(), attribute));
                }
                return device.read(attribute).trim();
            } catch (IOException e) {
                throw SysfsErrors.toDeviceException(sensorId, device.name() + "/" + attribute, e);
            }
        }

        @Override
        public void close() {
            closed = true;
            synchronized (SimulatedIioBus.this) {
                openHandles.remove(this);
            }
        }
    }
}
