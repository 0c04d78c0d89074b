// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SHT3x signal conversion (datasheet SHT3x-DIS v7, §4.13) alone: both 16-bit raw words to °C and %RH. In the
 * driver's package inside the benchmarks module because {@link Conversion} is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Sht3xConversionBenchmark {
    // 0x6666 is 25.0 °C, 0x8000 50.0 %RH (DS §4.13 formulas).
    private int rawTemperature = 0x6666;
    private int rawHumidity = 0x8000;

    /** Temperature and humidity of one measurement. */
    @Benchmark
    public void convert(Blackhole sink) {
        sink.consume(Conversion.celsius(rawTemperature));
        sink.consume(Conversion.relativeHumidity(rawHumidity));
    }
}
