// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.MEASUREMENT_HIGH_MAX;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.MEASURE_HIGH_PRECISION;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.READ_SERIAL_NUMBER;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.SERIAL_NUMBER_WAIT;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.SOFT_RESET;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.SOFT_RESET_MAX;

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
 * Sensirion SHT4x (SHT40, SHT41, SHT45) humidity and temperature sensor, after "Datasheet SHT4x" (version 6.x).
 *
 * <p>Bus: I2C at 0x44 (SHT4x-A) or 0x45 (SHT4x-B), through {@link I2cDevice}; commands are single bytes. Each
 * {@link #fetch()} sends a high-precision measurement (0xFD), waits the maximum time of DS Table 4 and reads both
 * words, each checked against its CRC (a mismatch is a transient {@link org.fieldnode.drivers.api.BusException}).
 * The chip does not acknowledge a read header while it measures. Humidity is cropped to 0..100 %RH (DS §4.6).
 *
 * <p>Open sequence: soft reset (0x94), then the serial number (0x89) as identity probe: no answer, or a reply that
 * fails its CRC, is {@link DeviceNotFoundException}.
 */
public final class Sht4x implements Sensor {
    private static final int SERIAL_WORDS = 2;
    private static final int MEASUREMENT_WORDS = 2;

    private final SensorInfo info;
    private final I2cDevice device;
    private final Sleeper sleeper;
    private final long serialNumber;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Sht4x(SensorInfo info, I2cDevice device, Sleeper sleeper, long serialNumber) {
        this.info = info;
        this.device = device;
        this.sleeper = sleeper;
        this.serialNumber = serialNumber;
    }

    /**
     * Resets and identifies the chip. On failure the caller still owns {@code device} and must close it; on success
     * the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when nothing answers the serial-number command like an SHT4x
     */
    public static Sht4x open(SensorInfo info, I2cDevice device, Sleeper sleeper) throws DeviceException {
        int[] serial = SensirionWords.identify(info.id(), "SHT4x", () -> {
            device.write(new byte[] {(byte) SOFT_RESET});
            sleeper.sleep(SOFT_RESET_MAX);
            device.write(new byte[] {(byte) READ_SERIAL_NUMBER});
            sleeper.sleep(SERIAL_NUMBER_WAIT);
            byte[] reply = new byte[SERIAL_WORDS * SensirionWords.WORD_BYTES];
            device.read(reply);
            return reply;
        });
        long serialNumber = (long) serial[0] << 16 | serial[1];
        Logger.info("{}: SHT4x serial number 0x{} ready", info.id(), Long.toHexString(serialNumber));
        return new Sht4x(info, device, sleeper, serialNumber);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /** The 32-bit serial number read at open. */
    public long serialNumber() {
        return serialNumber;
    }

    /**
     * Runs one high-precision measurement and reads it back.
     *
     * @throws org.fieldnode.drivers.api.BusException (transient) on a NACK or a CRC mismatch
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        device.write(new byte[] {(byte) MEASURE_HIGH_PRECISION});
        sleeper.sleep(MEASUREMENT_HIGH_MAX);
        int[] words = SensirionWords.read(info.id(), device, MEASUREMENT_WORDS);
        Logger.trace("{}: raw T 0x{} RH 0x{}", info.id(), Integer.toHexString(words[0]), Integer.toHexString(words[1]));
        return new Measurement(Map.of(
                Channel.AMBIENT_TEMPERATURE, Conversion.celsius(words[0]),
                Channel.RELATIVE_HUMIDITY, Conversion.relativeHumidity(words[1])));
    }

    /** Releases the bus handle; the chip idles between measurements. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
