// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.OneWireBus;

/**
 * {@link OneWireBus} over the kernel's {@code w1} sysfs tree, normally {@code /sys/bus/w1/devices}: one
 * directory per slave, named {@code ff-ssssssssssss}, with a {@code w1_slave} file for thermometers. The root is
 * injectable so tests run on a fake tree. Needs the {@code w1-gpio} overlay and the {@code w1_therm} module.
 */
public final class SysfsOneWireBus implements OneWireBus {
    /** The kernel's slave directory name: family code, dash, 48-bit serial, all lower-case hex. */
    public static final Pattern SLAVE_ID = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{12}");

    private final Path devices;
    private final String sensorId;
    private final SysfsReader reader;
    private volatile boolean closed;

    /** @param devices the {@code w1} devices directory, e.g. {@code /sys/bus/w1/devices} */
    public SysfsOneWireBus(Path devices, String sensorId) {
        this(devices, sensorId, SysfsReader.files());
    }

    public SysfsOneWireBus(Path devices, String sensorId, SysfsReader reader) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public List<String> devices(int family) throws DeviceException {
        checkOpen();
        String prefix = "%02x-".formatted(family);
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(devices, prefix + "*")) {
            for (Path entry : entries) {
                String id = entry.getFileName().toString();
                if (SLAVE_ID.matcher(id).matches()) {
                    ids.add(id);
                }
            }
        } catch (IOException e) {
            throw new BusException(sensorId, "cannot list %s: %s".formatted(devices, e), false, e);
        }
        ids.sort(null);
        return List.copyOf(ids);
    }

    @Override
    public String readSlave(String deviceId) throws DeviceException {
        checkOpen();
        if (!SLAVE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("not a w1 slave id: " + deviceId);
        }
        Path slave = devices.resolve(deviceId);
        if (!Files.isDirectory(slave)) {
            throw new DeviceNotFoundException(sensorId, "no 1-Wire slave %s under %s".formatted(deviceId, devices));
        }
        try {
            return reader.read(slave.resolve("w1_slave"));
        } catch (IOException e) {
            throw SysfsErrors.toDeviceException(
                    sensorId, slave.resolve("w1_slave").toString(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(sensorId + ": 1-Wire handle used after close");
        }
    }
}
