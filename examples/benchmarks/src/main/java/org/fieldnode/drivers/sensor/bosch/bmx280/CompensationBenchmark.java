// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.util.concurrent.TimeUnit;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The BME280's integer compensation (datasheet BST-BME280-DS002 §4.2.3) alone: raw ADC values to °C, Pa and %RH,
 * with the trimming of the datasheet's worked example (§8.1: dig_T1 = 27504 … dig_P9 = 6000; adc_T = 519888 gives
 * 25.08 °C, adc_P = 415148 about 100653 Pa) and humidity trimming typical of production parts.
 *
 * <p>This class lives in the driver's package, inside the benchmarks module, because {@link Compensation} and
 * {@link RawSample} are package-private: the drivers' public API stays as it is. A split package on the class
 * path is fine without JPMS. The whole driver round trip is {@code org.fieldnode.benchmarks.jmh.DriverFetchBenchmark}.
 *
 * <p>Inputs are non-final fields of the state, so that the JIT cannot fold the arithmetic into a constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CompensationBenchmark {
    private Bmx280Trimming calibration = new Bmx280Trimming(
            27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30);
    private RawSample sample = new RawSample(415_148, 519_888, 27_000);
    private Bme280Settings settings = Bme280Settings.defaults();

    /** t_fine and the temperature in °C. */
    @Benchmark
    public double temperature() {
        return Compensation.celsius(calibration, sample.adcTemperature());
    }

    /** Pressure in Pa, t_fine included (the 64-bit formula). */
    @Benchmark
    public double pressure() {
        return Compensation.pascal(calibration, sample.adcPressure(), sample.adcTemperature());
    }

    /** Relative humidity in %RH, t_fine included. */
    @Benchmark
    public double humidity() {
        return Compensation.relativeHumidity(calibration, sample.adcHumidity(), sample.adcTemperature());
    }

    /** What {@code Bmx280.fetch()} does after the burst read: all three channels into a {@link Measurement}. */
    @Benchmark
    public Measurement measurement() {
        return Compensation.toMeasurement(calibration, sample, settings);
    }
}
