// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.DATA_LENGTH;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.MODE_FORCED;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.MODE_SLEEP;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.RESET_WORD;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.STATUS_IM_UPDATE;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.STATUS_MEASURING;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.TemperaturePressureCompensation;
import org.fieldnode.drivers.sensor.bosch.bme280.Oversampling;
import org.tinylog.Logger;

/**
 * Bosch BMP280 digital pressure sensor, after the datasheet "BMP280 – Digital Pressure Sensor", BST-BMP280-DS001
 * (revision 1.19 and later). The BME280 without humidity: same trimming and compensation (shared in
 * {@link TemperaturePressureCompensation}), same control fields.
 *
 * <p>Bus: I2C at 0x76 (SDO to GND) or 0x77 (SDO to VDDIO) (DS §5.2), or SPI, through {@link RegisterBus}. Forced
 * mode (DS §3.6.2): each {@link #fetch()} starts one conversion, waits the typical measurement time (DS §3.8.1),
 * polls status until the maximum time has passed and reads the six data registers in one burst (DS §3.9,
 * shadowing).
 *
 * <p>Open sequence: chip id 0x58 (DS §4.3.1), soft reset (DS §4.3.2), wait for im_update to clear (DS §4.3.3),
 * trimming in one burst (DS §3.11.2), then config in sleep mode and ctrl_meas (DS §4.3.5: config writes in normal
 * mode may be ignored).
 */
public final class Bmp280 implements Sensor {
    /** Start-up time after power-on or soft reset (DS §1, Table 2: t_startup 2 ms). */
    static final Duration STARTUP_TIME = Duration.ofMillis(2);

    /** How long to wait for the trimming copy (im_update) after reset before giving up. */
    static final Duration RESET_BUDGET = Duration.ofMillis(10);

    /** Status polling period while a conversion overruns its typical time. */
    static final Duration POLL_PERIOD = Duration.ofMillis(1);

    private final SensorInfo info;
    private final RegisterBus bus;
    private final Bmp280Settings settings;
    private final Sleeper sleeper;
    private final Calibration calibration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Bmp280(
            SensorInfo info, RegisterBus bus, Bmp280Settings settings, Sleeper sleeper, Calibration calibration) {
        this.info = info;
        this.bus = bus;
        this.settings = settings;
        this.sleeper = sleeper;
        this.calibration = calibration;
    }

    /**
     * Probes, resets and configures the chip. On failure the caller still owns {@code bus} and must close it; on
     * success the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when the chip id is not 0x58 (a BME280 answers 0x60)
     * @throws DataNotReadyException when the trimming copy after reset does not finish in time
     */
    public static Bmp280 open(SensorInfo info, RegisterBus bus, Bmp280Settings settings, Sleeper sleeper)
            throws DeviceException {
        int id = bus.readByte(REG_CHIP_ID);
        if (id != CHIP_ID) {
            throw new DeviceNotFoundException(
                    info.id(), "chip id 0x%02X, expected 0x%02X (BMP280)".formatted(id, CHIP_ID));
        }
        bus.write(REG_RESET, RESET_WORD);
        long resetAt = sleeper.nanoTime();
        sleeper.sleep(STARTUP_TIME);
        // DS §4.3.3: im_update is set while the NVM trimming data are copied; read them only afterwards.
        awaitClear(info, bus, sleeper, STATUS_IM_UPDATE, resetAt + RESET_BUDGET.toNanos(), RESET_BUDGET);
        Calibration calibration = Calibration.read(bus);
        // DS §4.3.5: config may be ignored outside sleep mode; after the reset the chip sleeps.
        bus.write(REG_CONFIG, settings.config());
        bus.write(REG_CTRL_MEAS, settings.ctrlMeas(MODE_SLEEP));
        Logger.info(
                "{}: BMP280 ready, oversampling t/p {}/{}, filter {}",
                info.id(),
                settings.temperatureOversampling(),
                settings.pressureOversampling(),
                settings.filter());
        return new Bmp280(info, bus, settings, sleeper, calibration);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /**
     * Runs one forced-mode conversion and reads it back.
     *
     * @throws DataNotReadyException when the chip still measures after the maximum time of DS §3.8.1
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        // DS §3.6.2: writing forced mode to ctrl_meas starts one conversion; the chip then returns to sleep.
        bus.write(REG_CTRL_MEAS, settings.ctrlMeas(MODE_FORCED));
        long startedAt = sleeper.nanoTime();
        sleeper.sleep(settings.typicalMeasurementTime());
        Duration max = settings.maxMeasurementTime();
        awaitClear(info, bus, sleeper, STATUS_MEASURING, startedAt + max.toNanos(), max);
        byte[] data = new byte[DATA_LENGTH];
        // DS §3.9: one burst read, so that both values come from the same conversion (shadowing, DS §3.10).
        bus.read(REG_PRESS_MSB, data);
        int adcP = twentyBit(data, 0);
        int adcT = twentyBit(data, 3);
        Logger.trace("{}: raw adc_P {} adc_T {}", info.id(), adcP, adcT);
        return toMeasurement(calibration, adcP, adcT, settings);
    }

    /** Compensates one conversion (DS §3.11.3); a skipped pressure is left out. */
    static Measurement toMeasurement(Calibration c, int adcP, int adcT, Bmp280Settings settings) {
        int tFine = TemperaturePressureCompensation.temperatureFine(c, adcT);
        Map<Channel, Double> values = new EnumMap<>(Channel.class);
        values.put(Channel.AMBIENT_TEMPERATURE, TemperaturePressureCompensation.centiCelsius(tFine) / 100.0);
        if (settings.pressureOversampling() != Oversampling.SKIPPED) {
            values.put(Channel.PRESSURE, TemperaturePressureCompensation.pressureQ24p8(c, adcP, tFine) / 256.0);
        }
        return new Measurement(values);
    }

    /** msb, lsb, xlsb bits 7..4 (DS §4.3.6, §4.3.7). */
    static int twentyBit(byte[] data, int at) {
        return (data[at] & 0xFF) << 12 | (data[at + 1] & 0xFF) << 4 | (data[at + 2] & 0xFF) >> 4;
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
