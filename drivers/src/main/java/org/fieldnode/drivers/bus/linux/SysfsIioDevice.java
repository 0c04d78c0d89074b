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
import org.fieldnode.drivers.bus.IioDevice;

/**
 * {@link IioDevice} over {@code /sys/bus/iio/devices/iio:deviceN}, found by the content of its {@code name} file.
 * The device number is not stable across boots, the name is. A device tree node may give the name a unit
 * address ({@code dht11@4}); {@link #open} accepts that form for a bare name. The root is injectable so tests run
 * on a fake tree; the {@link SysfsReader} seam lets them inject EIO and ETIMEDOUT, which a plain file cannot.
 */
public final class SysfsIioDevice implements IioDevice {
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z0-9_]+");

    private final Path directory;
    private final String name;
    private final String sensorId;
    private final SysfsReader reader;
    private volatile boolean closed;

    private SysfsIioDevice(Path directory, String name, String sensorId, SysfsReader reader) {
        this.directory = directory;
        this.name = name;
        this.sensorId = sensorId;
        this.reader = reader;
    }

    /** Opens the device named {@code name} under {@code devices} (normally {@code /sys/bus/iio/devices}). */
    public static SysfsIioDevice open(Path devices, String name, String sensorId) throws DeviceException {
        return open(devices, name, sensorId, SysfsReader.files());
    }

    /**
     * @throws DeviceNotFoundException when no device has that name, naming the ones present
     */
    public static SysfsIioDevice open(Path devices, String name, String sensorId, SysfsReader reader)
            throws DeviceException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(reader, "reader");
        List<String> seen = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(devices, "iio:device*")) {
            for (Path entry : entries) {
                Path nameFile = entry.resolve("name");
                if (!Files.isRegularFile(nameFile)) {
                    continue;
                }
                String actual = reader.read(nameFile).trim();
                seen.add(actual);
                if (actual.equals(name) || actual.startsWith(name + "@")) {
                    return new SysfsIioDevice(entry, actual, sensorId, reader);
                }
            }
        } catch (IOException e) {
            throw new BusException(sensorId, "cannot list IIO devices in %s: %s".formatted(devices, e), false, e);
        }
        throw new DeviceNotFoundException(
                sensorId, "no IIO device named '%s' in %s (found %s)".formatted(name, devices, seen));
    }

    @Override
    public String name() {
        return name;
    }

    /** The sysfs directory of the device, e.g. {@code /sys/bus/iio/devices/iio:device0}. */
    public Path directory() {
        return directory;
    }

    @Override
    public String read(String attribute) throws DeviceException {
        if (closed) {
            throw new IllegalStateException(sensorId + ": IIO handle used after close");
        }
        if (!ATTRIBUTE.matcher(attribute).matches()) {
            throw new IllegalArgumentException("not an IIO attribute name: " + attribute);
        }
        Path file = directory.resolve(attribute);
        try {
            return reader.read(file).trim();
        } catch (IOException e) {
            throw SysfsErrors.toDeviceException(sensorId, file.toString(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
