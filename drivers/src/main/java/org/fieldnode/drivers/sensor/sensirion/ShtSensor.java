// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;
import org.tinylog.Logger;

/**
 * What the Sensirion SHT3x and SHT4x humidity and temperature drivers share: the command / CRC / conversion flow over
 * {@link I2cDevice}. Open resets the chip and reads its 32-bit serial number as the identity probe
 * ({@link SensirionWords#identify}); each {@link #fetch()} sends one measurement command, waits the part's maximum
 * measurement time (the chip does not acknowledge a read header before the data are there) and reads two words,
 * temperature then humidity, each checked against its CRC (a mismatch is a transient
 * {@link org.fieldnode.drivers.api.BusException}). What differs per part is its {@link ShtModel}.
 */
public abstract class ShtSensor implements Sensor {
    private static final int SERIAL_WORDS = 2;
    private static final int MEASUREMENT_WORDS = 2;

    private final ShtModel model;
    private final SensorInfo info;
    private final I2cDevice device;
    private final Sleeper sleeper;
    private final long serialNumber;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected ShtSensor(ShtModel model, SensorInfo info, I2cDevice device, Sleeper sleeper, long serialNumber) {
        this.model = Objects.requireNonNull(model, "model");
        this.info = Objects.requireNonNull(info, "info");
        this.device = Objects.requireNonNull(device, "device");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.serialNumber = serialNumber;
    }

    /**
     * Soft reset, then the serial number as identity probe.
     *
     * @return the 32-bit serial number
     * @throws DeviceNotFoundException when nothing answers the serial-number command like this part
     */
    protected static long identify(ShtModel model, SensorInfo info, I2cDevice device, Sleeper sleeper)
            throws DeviceException {
        int[] serial = SensirionWords.identify(info.id(), model.part(), () -> {
            device.write(model.command(model.softReset()));
            sleeper.sleep(model.softResetTime()); // the chip ignores commands until the reset is done
            device.write(model.command(model.readSerialNumber()));
            sleeper.sleep(model.serialWait());
            byte[] reply = new byte[SERIAL_WORDS * SensirionWords.WORD_BYTES];
            device.read(reply);
            return reply;
        });
        return (long) serial[0] << 16 | serial[1];
    }

    @Override
    public final SensorInfo info() {
        return info;
    }

    /** The 32-bit serial number read at open. */
    public final long serialNumber() {
        return serialNumber;
    }

    /**
     * Runs one measurement and reads it back.
     *
     * @throws org.fieldnode.drivers.api.BusException (transient) on a NACK, for instance when the chip is still
     *     measuring after the maximum time, or on a CRC mismatch
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public final Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        device.write(model.command(model.measure()));
        sleeper.sleep(model.measurementTime());
        int[] words = SensirionWords.read(info.id(), device, MEASUREMENT_WORDS);
        Logger.trace("{}: raw T 0x{} RH 0x{}", info.id(), Integer.toHexString(words[0]), Integer.toHexString(words[1]));
        return new Measurement(Map.of(
                Channel.AMBIENT_TEMPERATURE, model.celsius().applyAsDouble(words[0]),
                Channel.RELATIVE_HUMIDITY, model.relativeHumidity().applyAsDouble(words[1])));
    }

    /** Releases the bus handle; the chip idles between measurements. Idempotent; never throws. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
