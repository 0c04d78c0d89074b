package @PACKAGE@;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.OneWireBus;

/**
 * The @PART_UPPER@ (@COMPATIBLE@), a 1-Wire thermometer of family 0x28 (the DS18B20's scratchpad layout, as the
 * MAX31820 has) read through the kernel's {@code w1_slave} file: line one holds the nine scratchpad bytes and the
 * kernel's CRC verdict, line two the temperature in millidegrees. The driver checks the scratchpad's CRC itself
 * ({@link Crc#maxim8}: over all nine bytes it is 0) rather than trusting the verdict alone.
 */
public final class @CLASS@ implements Sensor {
    /** The 1-Wire family code of the part: replace with your datasheet's. */
    public static final int FAMILY = 0x28;

    private final SensorInfo info;
    private final OneWireBus bus;
    private final String rom;
    private final AtomicBoolean closed = new AtomicBoolean();

    private @CLASS@(SensorInfo info, OneWireBus bus, String rom) {
        this.info = info;
        this.bus = bus;
        this.rom = rom;
    }

    /**
     * Finds the probe: the one named by {@code rom} (e.g. {@code 28-0316a2797eff}), or the only one of its family on
     * the line. On failure the caller still owns {@code bus}.
     */
    public static @CLASS@ open(SensorInfo info, OneWireBus bus, String rom) throws DeviceException {
        List<String> present = bus.devices(FAMILY);
        String id;
        if (rom != null) {
            id = rom.trim().toLowerCase(java.util.Locale.ROOT);
            if (!present.contains(id)) {
                throw new DeviceNotFoundException(info.id(), "no probe %s on the line (present: %s)".formatted(id, present));
            }
        } else if (present.size() == 1) {
            id = present.getFirst();
        } else if (present.isEmpty()) {
            throw new DeviceNotFoundException(info.id(), "no probe of family 0x%02X on the line".formatted(FAMILY));
        } else {
            throw new IllegalArgumentException("properties.rom: %d probes share the line %s; name one"
                    .formatted(present.size(), present));
        }
        return new @CLASS@(info, bus, id);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, celsius(bus.readSlave(rom), info.id())));
    }

    /** Degrees Celsius from a {@code w1_slave} text; a cut or corrupt file is a transient fault, never a reading. */
    static double celsius(String w1Slave, String sensorId) throws BusException {
        List<String> lines = w1Slave.strip().lines().toList();
        if (lines.size() < 2 || !lines.get(1).contains("t=") || lines.get(0).length() < 26) {
            throw new BusException(sensorId, "w1_slave cut short: '" + w1Slave.strip() + "'", true);
        }
        byte[] scratchpad = HexFormat.of().parseHex(lines.get(0).substring(0, 26).replace(" ", ""));
        if (!lines.get(0).endsWith("YES") || Crc.maxim8(scratchpad, 0, scratchpad.length) != 0) {
            throw new BusException(sensorId, "scratchpad CRC mismatch: " + lines.get(0), true);
        }
        String millidegrees = lines.get(1).substring(lines.get(1).indexOf("t=") + 2).trim();
        return Integer.parseInt(millidegrees) / 1000.0;
    }

    /** Releases the handle. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
