// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.aht20;

import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.INITIALISATION_TIME;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.INITIALISE;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.MEASUREMENT_TIME;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.REPLY_LENGTH;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.STATUS_BUSY;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.STATUS_CALIBRATED;
import static org.fieldnode.drivers.sensor.aosong.aht20.Aht20Commands.TRIGGER;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Aosong AHT20 temperature and humidity sensor ("AHT20 Product Manual", V1.0), a command chip at I2C 0x38. Open
 * reads the status byte and, when the calibration bits (4 and 3) are not both set, initialises the chip (0xBE 0x08
 * 0x00, 10 ms; DS §5.4 step 1); a chip that still lacks them is not an AHT20. Each fetch triggers a measurement (0xAC
 * 0x33 0x00), waits its 80 ms, polls the busy bit with a deadline and checks the CRC-8 of the reply (polynomial 0x31,
 * initial 0xFF, over status and data: {@link Crc#sensirion8}) before converting (DS §6).
 */
public final class Aht20 implements Sensor {
    /** How long past the 80 ms the busy bit may stay set. */
    static final Duration BUSY_BUDGET = Duration.ofMillis(20);

    private final SensorInfo info;
    private final I2cDevice device;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Aht20(SensorInfo info, I2cDevice device, Sleeper sleeper) {
        this.info = info;
        this.device = device;
        this.sleeper = sleeper;
    }

    /**
     * Reads the status and initialises the chip when its calibration is not loaded. On failure the caller still owns
     * {@code device}.
     *
     * @throws DeviceNotFoundException when the calibration bits stay clear after initialisation
     */
    public static Aht20 open(SensorInfo info, I2cDevice device, Sleeper sleeper) throws DeviceException {
        if ((status(device) & STATUS_CALIBRATED) != STATUS_CALIBRATED) {
            device.write(INITIALISE.clone());
            sleeper.sleep(INITIALISATION_TIME);
            int status = status(device);
            if ((status & STATUS_CALIBRATED) != STATUS_CALIBRATED) {
                throw new DeviceNotFoundException(
                        info.id(),
                        "status 0x%02X after initialisation: calibration bits 4 and 3 clear, not an AHT20"
                                .formatted(status));
            }
        }
        return new Aht20(info, device, sleeper);
    }

    private static int status(I2cDevice device) throws DeviceException {
        byte[] status = new byte[1];
        device.read(status);
        return status[0] & 0xFF;
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
        device.write(TRIGGER.clone());
        long deadline = sleeper.nanoTime() + MEASUREMENT_TIME.plus(BUSY_BUDGET).toNanos();
        sleeper.sleep(MEASUREMENT_TIME);
        byte[] reply = new byte[REPLY_LENGTH];
        device.read(reply);
        while ((reply[0] & STATUS_BUSY) != 0) {
            if (sleeper.nanoTime() >= deadline) {
                throw new DataNotReadyException(info.id(), "still busy after " + MEASUREMENT_TIME.plus(BUSY_BUDGET));
            }
            sleeper.sleep(Duration.ofMillis(5));
            device.read(reply);
        }
        return decode(reply, info.id());
    }

    /** The measurement in a 7-byte reply, its CRC checked; usable for offline replay. */
    static Measurement decode(byte[] reply, String sensorId) throws BusException {
        int crc = Crc.sensirion8(reply, 0, REPLY_LENGTH - 1);
        if (crc != (reply[REPLY_LENGTH - 1] & 0xFF)) {
            throw new BusException(
                    sensorId,
                    "CRC mismatch: computed 0x%02X, received 0x%02X".formatted(crc, reply[REPLY_LENGTH - 1] & 0xFF),
                    true);
        }
        return new Measurement(Map.of(
                Channel.AMBIENT_TEMPERATURE, Conversion.celsius(Conversion.rawTemperature(reply)),
                Channel.RELATIVE_HUMIDITY, Conversion.relativeHumidity(Conversion.rawHumidity(reply))));
    }

    /** Releases the bus handle. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
