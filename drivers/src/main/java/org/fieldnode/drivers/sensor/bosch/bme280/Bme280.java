// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.DATA_LENGTH;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.MODE_FORCED;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.MODE_SLEEP;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CTRL_HUM;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.RESET_WORD;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.STATUS_IM_UPDATE;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.STATUS_MEASURING;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.tinylog.Logger;

/**
 * Bosch BME280 combined humidity, pressure and temperature sensor, after the datasheet "BME280 – Data sheet",
 * BST-BME280-DS002 (revision 1.23 and later).
 *
 * <p>Bus: I2C at 0x76 (SDO to GND) or 0x77 (SDO to VDDIO), or SPI, through {@link RegisterBus}. The chip runs in
 * forced mode (DS §3.3.2): each {@link #fetch()} starts one conversion, waits the typical measurement time of
 * DS §9.1, polls the status register until the maximum time has passed and reads all data registers in one burst
 * (DS §4.1, shadowing). Between fetches the chip sleeps. Defaults: x1 oversampling on every channel and the IIR
 * filter off, the weather monitoring setting of DS §3.5.1; see {@link Bme280Settings}.
 *
 * <p>Open sequence: chip id (DS §5.4.1), soft reset (DS §5.4.2), wait for im_update to clear (DS §5.4.4),
 * trimming parameters in two bursts (DS §4.2.2), then ctrl_hum, config and ctrl_meas in that order (DS §5.4.3,
 * §5.4.6). Compensation uses the integer formulas of DS §4.2.3.
 */
public final class Bme280 implements Sensor {
    /** Start-up time after power-on or soft reset (DS §1, Table 1: t_startup 2 ms). */
    static final Duration STARTUP_TIME = Duration.ofMillis(2);

    /** How long to wait for the trimming copy (im_update) after reset before giving up. */
    static final Duration RESET_BUDGET = Duration.ofMillis(10);

    /** Status polling period while a conversion overruns its typical time. */
    static final Duration POLL_PERIOD = Duration.ofMillis(1);

    private final SensorInfo info;
    private final RegisterBus bus;
    private final Bme280Settings settings;
    private final Sleeper sleeper;
    private final Calibration calibration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Bme280(
            SensorInfo info, RegisterBus bus, Bme280Settings settings, Sleeper sleeper, Calibration calibration) {
        this.info = info;
        this.bus = bus;
        this.settings = settings;
        this.sleeper = sleeper;
        this.calibration = calibration;
    }

    /**
     * Probes, resets and configures the chip. On failure the caller still owns {@code bus} and must close it;
     * on success the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when the chip id is not 0x60 (a BMP280 answers 0x58)
     * @throws DataNotReadyException when the trimming copy after reset does not finish in time
     */
    public static Bme280 open(SensorInfo info, RegisterBus bus, Bme280Settings settings, Sleeper sleeper)
            throws DeviceException {
        int id = bus.readByte(REG_CHIP_ID);
        if (id != CHIP_ID) {
            throw new DeviceNotFoundException(
                    info.id(), "chip id 0x%02X, expected 0x%02X (BME280)".formatted(id, CHIP_ID));
        }
        bus.write(REG_RESET, RESET_WORD);
        long resetAt = sleeper.nanoTime();
        sleeper.sleep(STARTUP_TIME);
        // DS §5.4.4: im_update is set while the NVM trimming data are copied; read them only afterwards.
        awaitClear(info, bus, sleeper, STATUS_IM_UPDATE, resetAt + RESET_BUDGET.toNanos(), RESET_BUDGET);
        Calibration calibration = Calibration.read(bus);
        // DS §5.4.3: ctrl_hum takes effect only after the following write to ctrl_meas.
        bus.write(REG_CTRL_HUM, settings.ctrlHum());
        // DS §5.4.6: config may be ignored outside sleep mode; after the reset the chip sleeps.
        bus.write(REG_CONFIG, settings.config());
        bus.write(REG_CTRL_MEAS, settings.ctrlMeas(MODE_SLEEP));
        Logger.info(
                "{}: BME280 ready, oversampling t/p/h {}/{}/{}, filter {}",
                info.id(),
                settings.temperatureOversampling(),
                settings.pressureOversampling(),
                settings.humidityOversampling(),
                settings.filter());
        return new Bme280(info, bus, settings, sleeper, calibration);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /**
     * Runs one forced-mode conversion and reads it back.
     *
     * @throws DataNotReadyException when the chip still measures after the maximum time of DS §9.1
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        // DS §3.3.2: writing forced mode to ctrl_meas starts one conversion; the chip then returns to sleep.
        bus.write(REG_CTRL_MEAS, settings.ctrlMeas(MODE_FORCED));
        long startedAt = sleeper.nanoTime();
        sleeper.sleep(settings.typicalMeasurementTime());
        Duration max = settings.maxMeasurementTime();
        awaitClear(info, bus, sleeper, STATUS_MEASURING, startedAt + max.toNanos(), max);
        byte[] data = new byte[DATA_LENGTH];
        // DS §4.1: one burst read, so that all values come from the same conversion (shadowing).
        bus.read(REG_PRESS_MSB, data);
        RawSample sample = RawSample.decode(data);
        Logger.trace("{}: raw {}", info.id(), sample);
        return Compensation.toMeasurement(calibration, sample, settings);
    }

    private static void awaitClear(
            SensorInfo info, RegisterBus bus, Sleeper sleeper, int statusBits, long deadlineNanos, Duration budget)
            throws DeviceException {
        while ((bus.readByte(REG_STATUS) & statusBits) != 0) {
            long left = deadlineNanos - sleeper.nanoTime();
            if (left <= 0) {
                throw new DataNotReadyException(
                        info.id(), "status 0x%02X still set after %s".formatted(statusBits, budget));
            }
            sleeper.sleep(left < POLL_PERIOD.toNanos() ? Duration.ofNanos(left) : POLL_PERIOD);
        }
    }

    /** Releases the bus handle; the chip stays in sleep mode. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
