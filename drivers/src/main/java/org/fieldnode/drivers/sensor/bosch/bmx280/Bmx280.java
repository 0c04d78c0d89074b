// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.MODE_FORCED;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.MODE_SLEEP;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_HUM;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.RESET_WORD;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.STATUS_IM_UPDATE;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.STATUS_MEASURING;

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
 * Bosch BME280 combined humidity, pressure and temperature sensor ("BME280 – Data sheet", BST-BME280-DS002, revision
 * 1.23 and later) and BMP280 digital pressure sensor ("BMP280 – Digital Pressure Sensor", BST-BMP280-DS001, revision
 * 1.19 and later): one driver, the differences in {@link Bmx280Model}. Below, "BME §" and "BMP §" cite the two
 * datasheets.
 *
 * <p>Bus: I2C at 0x76 (SDO to GND) or 0x77 (SDO to VDDIO) (BME §6.2, BMP §5.2), or SPI (BME §6.3, BMP §5.3), through
 * {@link RegisterBus}. The chip runs in forced mode (BME §3.3.2, BMP §3.6.2): each {@link #fetch()} starts one
 * conversion, waits the typical measurement time (BME §9.1, BMP §3.8.1), polls the status register until the maximum
 * time has passed and reads all data registers in one burst (BME §4.1, BMP §3.9: shadowing). Between fetches the chip
 * sleeps. Defaults: x1 oversampling on every channel and the IIR filter off, the weather monitoring setting (BME
 * §3.5.1, BMP §3.7 Table 15).
 *
 * <p>Open sequence: chip id (BME §5.4.1, BMP §4.3.1), soft reset (BME §5.4.2, BMP §4.3.2), wait for im_update to
 * clear (BME §5.4.4, BMP §4.3.3), trimming parameters in one burst per block (BME §4.2.2, BMP §3.11.2), then ctrl_hum
 * (BME280 only), config and ctrl_meas in that order (BME §5.4.3, §5.4.6; BMP §4.3.5). Compensation uses the integer
 * formulas (BME §4.2.3, BMP §3.11.3).
 */
public final class Bmx280 implements Sensor {
    /** Start-up time after power-on or soft reset (BME §1 Table 1, BMP §1 Table 2: t_startup 2 ms). */
    static final Duration STARTUP_TIME = Duration.ofMillis(2);

    /** How long to wait for the trimming copy (im_update) after reset before giving up. */
    static final Duration RESET_BUDGET = Duration.ofMillis(10);

    /** Status polling period while a conversion overruns its typical time. */
    static final Duration POLL_PERIOD = Duration.ofMillis(1);

    private final SensorInfo info;
    private final RegisterBus bus;
    private final Bmx280Model model;
    private final Bmx280Settings settings;
    private final Sleeper sleeper;
    private final Bmx280Trimming trimming;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Bmx280(
            SensorInfo info,
            RegisterBus bus,
            Bmx280Model model,
            Bmx280Settings settings,
            Sleeper sleeper,
            Bmx280Trimming trimming) {
        this.info = info;
        this.bus = bus;
        this.model = model;
        this.settings = settings;
        this.sleeper = sleeper;
        this.trimming = trimming;
    }

    /**
     * Probes, resets and configures the chip. On failure the caller still owns {@code bus} and must close it; on
     * success the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when the chip id is not {@code model}'s (a BME280 answers 0x60, a BMP280 0x58)
     * @throws DataNotReadyException when the trimming copy after reset does not finish in time
     * @throws IllegalArgumentException when {@code settings} measure humidity on a part without it
     */
    public static Bmx280 open(
            Bmx280Model model, SensorInfo info, RegisterBus bus, Bmx280Settings settings, Sleeper sleeper)
            throws DeviceException {
        if (!model.hasHumidity() && settings.humidityOversampling() != Oversampling.SKIPPED) {
            throw new IllegalArgumentException(
                    "humidity-oversampling: a %s has no humidity sensor".formatted(model.part()));
        }
        int id = bus.readByte(REG_CHIP_ID);
        if (id != model.chipId()) {
            throw new DeviceNotFoundException(
                    info.id(), "chip id 0x%02X, expected 0x%02X (%s)".formatted(id, model.chipId(), model.part()));
        }
        bus.write(REG_RESET, RESET_WORD);
        long resetAt = sleeper.nanoTime();
        sleeper.sleep(STARTUP_TIME);
        // BME §5.4.4, BMP §4.3.3: im_update is set while the NVM trimming data are copied; read them only afterwards.
        awaitClear(info, bus, sleeper, STATUS_IM_UPDATE, resetAt + RESET_BUDGET.toNanos(), RESET_BUDGET);
        Bmx280Trimming trimming = Bmx280Trimming.read(bus, model);
        if (model.hasHumidity()) {
            // BME §5.4.3: ctrl_hum takes effect only after the following write to ctrl_meas.
            bus.write(REG_CTRL_HUM, settings.ctrlHum());
        }
        // BME §5.4.6, BMP §4.3.5: config may be ignored outside sleep mode; after the reset the chip sleeps.
        bus.write(REG_CONFIG, settings.config());
        bus.write(REG_CTRL_MEAS, settings.ctrlMeas(MODE_SLEEP));
        Logger.info(
                "{}: {} ready, oversampling t/p/h {}/{}/{}, filter {}",
                info.id(),
                model.part(),
                settings.temperatureOversampling(),
                settings.pressureOversampling(),
                model.hasHumidity() ? settings.humidityOversampling() : "-",
                settings.filter());
        return new Bmx280(info, bus, model, settings, sleeper, trimming);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /**
     * Runs one forced-mode conversion and reads it back.
     *
     * @throws DataNotReadyException when the chip still measures after the maximum time (BME §9.1, BMP §3.8.1)
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        // BME §3.3.2, BMP §3.6.2: writing forced mode to ctrl_meas starts one conversion; the chip then sleeps again.
        bus.write(REG_CTRL_MEAS, settings.ctrlMeas(MODE_FORCED));
        long startedAt = sleeper.nanoTime();
        sleeper.sleep(settings.typicalMeasurementTime());
        Duration max = settings.maxMeasurementTime();
        awaitClear(info, bus, sleeper, STATUS_MEASURING, startedAt + max.toNanos(), max);
        byte[] data = new byte[model.dataLength()];
        // BME §4.1, BMP §3.9: one burst read, so that all values come from the same conversion (shadowing).
        bus.read(REG_PRESS_MSB, data);
        RawSample sample = RawSample.decode(data);
        Logger.trace("{}: raw {}", info.id(), sample);
        return Compensation.toMeasurement(trimming, sample, settings);
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
