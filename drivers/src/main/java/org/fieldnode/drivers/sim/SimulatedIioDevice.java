// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A kernel IIO device as its sysfs attributes show it. Reads fail as the kernel's do, with the C library's error
 * text: {@link #failNext} TIMEOUT = ETIMEDOUT, CRC_ERROR = EIO, SHORT_READ = EAGAIN, STUCK_VALUE = the
 * attribute's previous value. {@link #disconnect()} leaves the device in sysfs (the kernel cannot tell a sensor
 * is missing) but every read times out, until {@link #reconnect()}.
 */
public class SimulatedIioDevice implements SimulatedDevice {
    private final String name;
    private final Map<String, Supplier<String>> attributes = new TreeMap<>();
    private final Map<String, String> lastValues = new HashMap<>();
    private final FaultQueue faults = new FaultQueue();
    private boolean connected = true;

    /** @param name what the device's {@code name} file says, e.g. {@code dht11} */
    public SimulatedIioDevice(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public final String name() {
        return name;
    }

    /** Defines attribute {@code attribute}, evaluated at every read. */
    public final synchronized void define(String attribute, Supplier<String> value) {
        attributes.put(Objects.requireNonNull(attribute, "attribute"), Objects.requireNonNull(value, "value"));
    }

    public final synchronized void failNext(int reads, LineFault fault) {
        faults.schedule(reads, fault);
    }

    public final synchronized void disconnect() {
        connected = false;
    }

    public final synchronized void reconnect() {
        connected = true;
    }

    /** One read of {@code attribute}, as {@code read(2)} on its sysfs file would go. */
    final synchronized String read(String attribute) throws IOException {
        Supplier<String> value = attributes.get(attribute);
        if (value == null) {
            throw new NoSuchFileException(name + "/" + attribute);
        }
        if (!connected) {
            throw new IOException("Connection timed out");
        }
        LineFault fault = faults.next();
        if (fault != null) {
            switch (fault) {
                case TIMEOUT -> throw new IOException("Connection timed out");
                case CRC_ERROR -> throw new IOException("Input/output error");
                case SHORT_READ -> throw new IOException("Resource temporarily unavailable");
                case STUCK_VALUE -> {
                    String last = lastValues.get(attribute);
                    if (last != null) {
                        return last;
                    }
                }
            }
        }
        String text = value.get();
        lastValues.put(attribute, text);
        return text;
    }
}
