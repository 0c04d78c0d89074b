// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3x;
import org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xFactory;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.drivers.sim.SimulatedSht3x;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code Sensor.fetch()} through the public drivers against their register-level simulators on a simulated I2C
 * bus, with virtual time ({@link FakeSleeper}: waits return at once). So this is "fetch", not compensation alone:
 * it includes the driver's register transfers (BME280: ctrl_meas write, status polls, the 8-byte burst read,
 * DS §4.1; SHT3x: command, read, CRC checks, DS §4.3 and §4.12), the simulated bus and chip, and the conversion.
 * The pure formulas are {@code org.fieldnode.drivers.sensor.bosch.bmx280.CompensationBenchmark} and
 * {@code org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xConversionBenchmark}.
 *
 * <p>The BME280 simulator publishes fixed raw ADC values (the datasheet example), so the simulator's own inverse
 * compensation (a bisection) is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DriverFetchBenchmark {
    private static final int BME280_ADDRESS = 0x76;
    private static final int SHT3X_ADDRESS = 0x44;

    private SimulatedI2cBus i2c;
    private Bmx280 bme280;
    private Sht3x sht3x;

    @Setup
    public void open() throws DeviceException {
        FakeSleeper clock = new FakeSleeper();
        i2c = new SimulatedI2cBus("i2c1");
        SimulatedBme280 bmeChip = new SimulatedBme280(clock);
        bmeChip.setRawAdc(415_148, 519_888, 27_000); // DS §8.1 worked example; humidity mid-range
        i2c.attach(BME280_ADDRESS, bmeChip);
        i2c.attach(SHT3X_ADDRESS, new SimulatedSht3x(clock));
        Bme280Settings settings = Bme280Settings.defaults();
        bme280 = Bmx280.open(
                Bmx280Model.BME280,
                new SensorInfo("env0", "bosch,bme280", settings.channels()),
                i2c.open("env0", BME280_ADDRESS),
                settings,
                clock);
        sht3x = Sht3x.open(
                new SensorInfo("env1", Sht3xFactory.COMPATIBLE, new Sht3xFactory().channels()),
                i2c.openDevice("env1", SHT3X_ADDRESS),
                clock);
    }

    @TearDown
    public void close() {
        bme280.close();
        sht3x.close();
        i2c.assertNoOpenHandles();
    }

    /** A forced-mode conversion: temperature, pressure and humidity. */
    @Benchmark
    public Measurement bme280Fetch() throws DeviceException {
        return bme280.fetch();
    }

    /** A single-shot high-repeatability measurement: temperature and humidity. */
    @Benchmark
    public Measurement sht3xFetch() throws DeviceException {
        return sht3x.fetch();
    }
}
