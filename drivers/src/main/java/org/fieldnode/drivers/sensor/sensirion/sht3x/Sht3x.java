// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import static org.fieldnode.drivers.sensor.sensirion.SensirionWords.command;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.CLEAR_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.COMMAND_SPACING;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.MEASUREMENT_HIGH_MAX;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.MEASURE_HIGH_REPEATABILITY;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.READ_SERIAL_NUMBER;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.READ_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.SOFT_RESET;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.SOFT_RESET_MAX;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.STATUS_RESET_DETECTED;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.sensirion.SensirionWords;
import org.tinylog.Logger;

/**
 * Sensirion SHT3x-DIS (SHT30, SHT31, SHT35) humidity and temperature sensor, after "Datasheet SHT3x-DIS" (version 7).
 *
 * <p>Bus: I2C at 0x44 (ADDR to VSS) or 0x45 (ADDR to VDD), through {@link I2cDevice}. Each {@link #fetch()} sends
 * one single-shot measurement with high repeatability and clock stretching disabled (0x2400, DS §4.3), waits the
 * maximum measurement time of DS Table 4 and reads both words; the chip then idles. Clock stretching is avoided
 * because not every Linux I2C controller (the Raspberry Pi's among them) handles it reliably. Every word is checked
 * against its CRC (DS §4.12); a mismatch is a transient {@link org.fieldnode.drivers.api.BusException}.
 *
 * <p>Open sequence: soft reset (DS §4.9), the serial number as identity probe (no answer, or a reply failing its
 * CRC, is {@link DeviceNotFoundException}), the status register to confirm the reset (DS §4.11), clear status.
 */
public final class Sht3x implements Sensor {
    private static final int SERIAL_WORDS = 2;
    private static final int MEASUREMENT_WORDS = 2;

    private final SensorInfo info;
    private final I2cDevice device;
    private final Sleeper sleeper;
    private final long serialNumber;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Sht3x(SensorInfo info, I2cDevice device, Sleeper sleeper, long serialNumber) {
        this.info = info;
        this.device = device;
        this.sleeper = sleeper;
        this.serialNumber = serialNumber;
    }

    /**
     * Resets and identifies the chip. On failure the caller still owns {@code device} and must close it; on success
     * the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when nothing answers the serial-number command like an SHT3x
     */
    public static Sht3x open(SensorInfo info, I2cDevice device, Sleeper sleeper) throws DeviceException {
        int[] serial = SensirionWords.identify(info.id(), "SHT3x", () -> {
            device.write(command(SOFT_RESET));
            sleeper.sleep(SOFT_RESET_MAX); // DS §4.9: the chip ignores commands until the reset is done
            device.write(command(READ_SERIAL_NUMBER));
            sleeper.sleep(COMMAND_SPACING);
            byte[] reply = new byte[SERIAL_WORDS * SensirionWords.WORD_BYTES];
            device.read(reply);
            return reply;
        });
        long serialNumber = (long) serial[0] << 16 | serial[1];
        sleeper.sleep(COMMAND_SPACING);
        device.write(command(READ_STATUS));
        sleeper.sleep(COMMAND_SPACING);
        int status = SensirionWords.read(info.id(), device, 1)[0];
        if ((status & STATUS_RESET_DETECTED) == 0) {
            Logger.warn("{}: SHT3x status 0x{} does not show the soft reset", info.id(), Integer.toHexString(status));
        }
        sleeper.sleep(COMMAND_SPACING);
        device.write(command(CLEAR_STATUS));
        sleeper.sleep(COMMAND_SPACING);
        Logger.info("{}: SHT3x serial number 0x{} ready", info.id(), Long.toHexString(serialNumber));
        return new Sht3x(info, device, sleeper, serialNumber);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /** The 32-bit electronic serial number read at open. */
    public long serialNumber() {
        return serialNumber;
    }

    /**
     * Runs one single-shot measurement and reads it back.
     *
     * @throws org.fieldnode.drivers.api.BusException (transient) on a NACK, for instance when the chip is still
     *     measuring after the maximum time, or on a CRC mismatch
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        device.write(command(MEASURE_HIGH_REPEATABILITY));
        // DS §4.3: without clock stretching the chip NACKs the read header until the data are there.
        sleeper.sleep(MEASUREMENT_HIGH_MAX);
        int[] words = SensirionWords.read(info.id(), device, MEASUREMENT_WORDS);
        Logger.trace("{}: raw T 0x{} RH 0x{}", info.id(), Integer.toHexString(words[0]), Integer.toHexString(words[1]));
        return new Measurement(Map.of(
                Channel.AMBIENT_TEMPERATURE, Conversion.celsius(words[0]),
                Channel.RELATIVE_HUMIDITY, Conversion.relativeHumidity(words[1])));
    }

    /** Releases the bus handle; the chip idles after each single shot. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
