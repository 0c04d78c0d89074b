// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import static org.fieldnode.drivers.sensor.maxim.ds18b20.Scratchpad.*;

import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.OneWireBus;
import org.tinylog.Logger;

/**
 * Maxim DS18B20 programmable-resolution 1-Wire digital thermometer (datasheet 19-7487, Rev 6), read through the
 * Linux {@code w1_therm} driver: the kernel starts the conversion, waits for it and returns the scratchpad in
 * {@code w1_slave}. Several probes share one line; each is told apart by its ROM id ({@code 28-0316a2797eff}).
 *
 * <p>Every {@link #fetch()} checks, in order, and reports a transient fault for any failure:
 *
 * <ol>
 *   <li>the file is complete ({@link W1Slave});
 *   <li>the kernel's CRC verdict is YES and our own Dallas/Maxim CRC-8 over bytes 0..7 matches byte 8;
 *   <li>the configuration byte has its fixed bits (0xx11111): an all-zero scratchpad, which a probe that stopped
 *       answering produces and whose CRC is also zero, fails here;
 *   <li>the value is not the +85 °C power-on value (0x0550). It is rejected ({@link DataNotReadyException}) when
 *       byte 6 still holds its power-on 0x0C, or when no reading was accepted yet, or when the last accepted
 *       reading is more than {@value #POWER_ON_PLAUSIBLE_DELTA} °C away: a probe that lost power during the
 *       conversion (parasite power, loose wire) returns it. A real 85.0 °C reading after readings near it passes.
 * </ol>
 *
 * The resolution is the probe's own (configuration byte, power-on default 12 bit); the undefined low bits are
 * masked (Figure 4).
 */
public final class Ds18b20 implements Sensor {
    public static final int FAMILY = 0x28;
    static final double POWER_ON_PLAUSIBLE_DELTA = 10.0;

    private final SensorInfo info;
    private final OneWireBus bus;
    private final String rom;
    private Double lastCelsius;
    private boolean closed;

    private Ds18b20(SensorInfo info, OneWireBus bus, String rom) {
        this.info = info;
        this.bus = bus;
        this.rom = rom;
    }

    /**
     * Binds the probe {@code rom} on {@code bus}, or the only DS18B20 on it when {@code rom} is null. Takes
     * ownership of {@code bus}: it is closed when opening fails.
     *
     * @throws DeviceNotFoundException when the probe is not on the line
     * @throws IllegalArgumentException naming {@code properties.rom} when it is malformed, or absent while several
     *     probes share the line
     */
    public static Ds18b20 open(SensorInfo info, OneWireBus bus, String rom) throws DeviceException {
        try {
            String id = resolve(info, bus, rom);
            Logger.info("{}: DS18B20 {}", info.id(), id);
            return new Ds18b20(info, bus, id);
        } catch (DeviceException | RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    private static String resolve(SensorInfo info, OneWireBus bus, String rom) throws DeviceException {
        java.util.List<String> present = bus.devices(FAMILY);
        if (rom != null) {
            String id = rom.trim().toLowerCase(java.util.Locale.ROOT);
            if (!id.matches("28-[0-9a-f]{12}")) {
                throw new IllegalArgumentException(
                        "properties.rom: expected a DS18B20 id such as 28-0316a2797eff, got '%s'".formatted(rom));
            }
            if (!present.contains(id)) {
                throw new DeviceNotFoundException(
                        info.id(), "no DS18B20 %s on the line (present: %s)".formatted(id, present));
            }
            return id;
        }
        if (present.isEmpty()) {
            throw new DeviceNotFoundException(info.id(), "no DS18B20 on the line");
        }
        if (present.size() > 1) {
            throw new IllegalArgumentException(
                    "properties.rom: %d DS18B20 probes share the line %s; name one".formatted(present.size(), present));
        }
        return present.getFirst();
    }

    /** The ROM id this sensor reads. */
    public String rom() {
        return rom;
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        double celsius = celsius(bus.readSlave(rom), info.id());
        if (rawIsPowerOn(celsius) && (lastCelsius == null || Math.abs(lastCelsius - 85.0) > POWER_ON_PLAUSIBLE_DELTA)) {
            throw new DataNotReadyException(
                    info.id(),
                    "%s reads +85 °C, the power-on value, after %s: probe reset during the conversion"
                            .formatted(rom, lastCelsius == null ? "no earlier reading" : lastCelsius + " °C"));
        }
        lastCelsius = celsius;
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, celsius));
    }

    private static boolean rawIsPowerOn(double celsius) {
        return celsius == POWER_ON_RAW / 16.0;
    }

    /**
     * °C from the text of a {@code w1_slave} file, with every check but the one that needs history (see the class
     * comment). Usable for offline replay.
     */
    public static double celsius(String w1Slave, String sensorId) throws DeviceException {
        Objects.requireNonNull(w1Slave, "w1Slave");
        W1Slave file;
        try {
            file = W1Slave.parse(w1Slave);
        } catch (IllegalArgumentException e) {
            throw new BusException(sensorId, e.getMessage(), true);
        }
        byte[] s = file.scratchpad();
        int crc = DallasCrc8.of(s, 0, 8);
        if (!file.kernelCrcOk() || crc != (s[CRC] & 0xFF)) {
            throw new BusException(
                    sensorId,
                    "scratchpad CRC error: %s, CRC-8 of bytes 0..7 is 0x%02X (kernel: %s)"
                            .formatted(hex(s), crc, file.kernelCrcOk() ? "YES" : "NO"),
                    true);
        }
        int config = s[CONFIG] & 0xFF;
        if ((config & CONFIG_FIXED_MASK) != CONFIG_FIXED_VALUE) {
            throw new BusException(
                    sensorId,
                    "implausible scratchpad %s: configuration 0x%02X lacks its fixed bits".formatted(hex(s), config),
                    true);
        }
        int raw = (s[TEMPERATURE_MSB] & 0xFF) << 8 | s[TEMPERATURE_LSB] & 0xFF;
        if (raw == POWER_ON_RAW && (s[RESERVED_6] & 0xFF) == POWER_ON_RESERVED_6) {
            throw new DataNotReadyException(sensorId, "scratchpad %s holds the power-on +85 °C".formatted(hex(s)));
        }
        return Scratchpad.celsius(raw, resolutionBits(config));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        bus.close();
    }
}
