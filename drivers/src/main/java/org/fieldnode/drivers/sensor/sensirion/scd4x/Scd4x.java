// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

import static org.fieldnode.drivers.sensor.sensirion.SensirionWords.command;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.GET_DATA_READY_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.GET_SERIAL_NUMBER;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.MEASURE_SINGLE_SHOT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.READ_MEASUREMENT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.READ_TIME;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.SIGNAL_UPDATE_INTERVAL;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.SINGLE_SHOT_TIME;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.START_PERIODIC_MEASUREMENT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.STOP_PERIODIC_MEASUREMENT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.STOP_PERIODIC_TIME;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
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
 * Sensirion SCD40/SCD41 photoacoustic CO2 sensor with temperature and humidity, after "Datasheet SCD4x" (version
 * 1.x).
 *
 * <p>Bus: I2C at 0x62, through {@link I2cDevice}; 16-bit commands, data as CRC-protected words. Every command has
 * an execution time (DS Table 9) during which the chip accepts no other I2C traffic; the driver waits it out after
 * each command.
 *
 * <p>Open sequence: stop_periodic_measurement (in case an earlier run left it measuring; 500 ms), then the serial
 * number as identity probe (no answer, or a reply failing its CRC, is {@link DeviceNotFoundException}), then in
 * {@link Scd4xMode#PERIODIC} mode start_periodic_measurement.
 *
 * <p>Fetch: in periodic mode, poll get_data_ready_status until a sample is waiting (a new one comes every 5 s),
 * then read_measurement. In single-shot mode (SCD41 only), measure_single_shot, wait its 5 s, then the same. Only
 * read_measurement, get_data_ready_status and stop_periodic_measurement (and set_ambient_pressure) are allowed during
 * periodic measurement (DS §3.5), which is all that fetch sends. Close leaves the chip as it is; the next open stops
 * it first.
 */
public final class Scd4x implements Sensor {
    /** Data-ready polling period while waiting for a sample. */
    static final Duration POLL_PERIOD = Duration.ofMillis(100);

    /** How much longer than its nominal time a sample may take before fetch gives up. */
    static final Duration DATA_READY_MARGIN = Duration.ofSeconds(1);

    private static final int SERIAL_WORDS = 3;
    private static final int MEASUREMENT_WORDS = 3;

    private final SensorInfo info;
    private final I2cDevice device;
    private final Sleeper sleeper;
    private final Scd4xMode mode;
    private final long serialNumber;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Scd4x(SensorInfo info, I2cDevice device, Sleeper sleeper, Scd4xMode mode, long serialNumber) {
        this.info = info;
        this.device = device;
        this.sleeper = sleeper;
        this.mode = mode;
        this.serialNumber = serialNumber;
    }

    /**
     * Stops any running measurement, identifies the chip and, in periodic mode, starts measuring. On failure the
     * caller still owns {@code device} and must close it; on success the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when nothing answers like an SCD4x
     */
    public static Scd4x open(SensorInfo info, I2cDevice device, Scd4xMode mode, Sleeper sleeper)
            throws DeviceException {
        int[] serial = SensirionWords.identify(info.id(), "SCD4x", () -> {
            device.write(command(STOP_PERIODIC_MEASUREMENT));
            sleeper.sleep(STOP_PERIODIC_TIME);
            device.write(command(GET_SERIAL_NUMBER));
            sleeper.sleep(READ_TIME);
            byte[] reply = new byte[SERIAL_WORDS * SensirionWords.WORD_BYTES];
            device.read(reply);
            return reply;
        });
        long serialNumber = (long) serial[0] << 32 | (long) serial[1] << 16 | serial[2];
        if (mode == Scd4xMode.PERIODIC) {
            device.write(command(START_PERIODIC_MEASUREMENT));
        }
        Logger.info("{}: SCD4x serial number 0x{} ready, {} mode", info.id(), Long.toHexString(serialNumber), mode);
        return new Scd4x(info, device, sleeper, mode, serialNumber);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /** The 48-bit serial number read at open. */
    public long serialNumber() {
        return serialNumber;
    }

    public Scd4xMode mode() {
        return mode;
    }

    /**
     * Waits for a sample (periodic) or takes one (single shot) and reads it.
     *
     * @throws DataNotReadyException when no sample is ready a second after it was due
     * @throws org.fieldnode.drivers.api.BusException on a NACK or CRC mismatch (transient)
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        Duration budget;
        if (mode == Scd4xMode.SINGLE_SHOT) {
            device.write(command(MEASURE_SINGLE_SHOT));
            sleeper.sleep(SINGLE_SHOT_TIME);
            budget = DATA_READY_MARGIN;
        } else {
            budget = SIGNAL_UPDATE_INTERVAL.plus(DATA_READY_MARGIN);
        }
        awaitDataReady(sleeper.nanoTime() + budget.toNanos(), budget);
        device.write(command(READ_MEASUREMENT));
        sleeper.sleep(READ_TIME);
        int[] words = SensirionWords.read(info.id(), device, MEASUREMENT_WORDS);
        Logger.trace(
                "{}: raw CO2 {} T 0x{} RH 0x{}",
                info.id(),
                words[0],
                Integer.toHexString(words[1]),
                Integer.toHexString(words[2]));
        return new Measurement(Map.of(
                Channel.CO2, Conversion.co2Ppm(words[0]),
                Channel.AMBIENT_TEMPERATURE, Conversion.celsius(words[1]),
                Channel.RELATIVE_HUMIDITY, Conversion.relativeHumidity(words[2])));
    }

    private void awaitDataReady(long deadlineNanos, Duration budget) throws DeviceException {
        while (true) {
            device.write(command(GET_DATA_READY_STATUS));
            sleeper.sleep(READ_TIME);
            if (Conversion.dataReady(SensirionWords.read(info.id(), device, 1)[0])) {
                return;
            }
            long left = deadlineNanos - sleeper.nanoTime();
            if (left <= 0) {
                throw new DataNotReadyException(info.id(), "no sample ready within " + budget);
            }
            sleeper.sleep(left < POLL_PERIOD.toNanos() ? Duration.ofNanos(left) : POLL_PERIOD);
        }
    }

    /** Releases the bus handle. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
