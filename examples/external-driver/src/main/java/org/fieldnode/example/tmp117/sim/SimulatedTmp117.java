// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117.sim;

import static org.fieldnode.example.tmp117.Tmp117Registers.CONFIG_AVG_MASK;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONFIG_DATA_READY;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONFIG_MOD_MASK;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONFIG_READ_ONLY_MASK;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONFIG_RESET;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONVERSION_TIME;
import static org.fieldnode.example.tmp117.Tmp117Registers.DEVICE_ID;
import static org.fieldnode.example.tmp117.Tmp117Registers.MOD_ONE_SHOT;
import static org.fieldnode.example.tmp117.Tmp117Registers.MOD_SHUTDOWN;
import static org.fieldnode.example.tmp117.Tmp117Registers.REG_CONFIGURATION;
import static org.fieldnode.example.tmp117.Tmp117Registers.REG_DEVICE_ID;
import static org.fieldnode.example.tmp117.Tmp117Registers.REG_TEMP_RESULT;
import static org.fieldnode.example.tmp117.Tmp117Registers.TEMP_RESET;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedWordRegisterDevice;
import org.fieldnode.example.tmp117.Tmp117Registers;

/**
 * A register-level TMP117 for the driver's tests and for simulated profiles (shipped in the jar, found through
 * {@link Tmp117Simulator} only for a simulated bus), on the drivers' 16-bit pointer-register model.
 *
 * <p>Bus face: device id 0x0117, configuration 0x0220 and result 0x8000 after power-up; continuous mode converts
 * once a second (8 averages, 125 ms), one-shot mode converts once in 15.5 ms (no averaging) and then shuts down,
 * shutdown mode does nothing. Data_Ready is set by each completed conversion and cleared by reading the
 * configuration or the result. Recorded as violations: writes to the result or device id registers (read-only),
 * and a result read while a one-shot conversion is still running (the driver must wait for Data_Ready).
 *
 * <p>Backend face: {@link #setCelsius}, quantised to 7.8125 m°C as the chip does.
 */
public final class SimulatedTmp117 extends SimulatedWordRegisterDevice {
    private static final Duration CONTINUOUS_CYCLE = Duration.ofSeconds(1);
    private static final Duration EIGHT_AVERAGES = Duration.ofMillis(125);

    private final Sleeper clock;
    private DoubleSupplier celsius = () -> 21.0;
    private long conversionDoneAt;
    private boolean converting;

    public SimulatedTmp117(Sleeper clock) {
        super("TMP117", 0x10);
        this.clock = Objects.requireNonNull(clock, "clock");
        setWord(REG_DEVICE_ID, DEVICE_ID);
        setWord(REG_CONFIGURATION, CONFIG_RESET);
        setWord(REG_TEMP_RESULT, TEMP_RESET);
        startConversion(EIGHT_AVERAGES);
    }

    public synchronized void setCelsius(double celsius) {
        this.celsius = () -> celsius;
    }

    /** What the chip measures from now on, pulled at each conversion, e.g. a simulation's weather. */
    public synchronized void setCelsiusSource(DoubleSupplier celsius) {
        this.celsius = Objects.requireNonNull(celsius, "celsius");
    }

    @Override
    protected synchronized int onWordRead(int pointer) {
        catchUp();
        int value = word(pointer);
        if (pointer == REG_TEMP_RESULT && converting && mode() == MOD_ONE_SHOT) {
            violation("TMP117: result read while the one-shot conversion runs; wait for Data_Ready");
        }
        if (pointer == REG_CONFIGURATION || pointer == REG_TEMP_RESULT) {
            setWord(REG_CONFIGURATION, word(REG_CONFIGURATION) & ~CONFIG_DATA_READY);
        }
        return value;
    }

    @Override
    protected synchronized void onWordWrite(int pointer, int value) {
        catchUp();
        switch (pointer) {
            case REG_CONFIGURATION -> {
                int flags = word(REG_CONFIGURATION) & CONFIG_READ_ONLY_MASK;
                setWord(REG_CONFIGURATION, flags | (value & ~CONFIG_READ_ONLY_MASK));
                int mode = value & CONFIG_MOD_MASK;
                if (mode == MOD_ONE_SHOT) {
                    startConversion((value & CONFIG_AVG_MASK) == 0 ? CONVERSION_TIME : EIGHT_AVERAGES);
                } else if (mode == MOD_SHUTDOWN) {
                    converting = false;
                } else {
                    startConversion(EIGHT_AVERAGES);
                }
            }
            case REG_TEMP_RESULT, REG_DEVICE_ID ->
                violation("TMP117: write of 0x%04X to read-only register 0x%02X", value, pointer);
            default -> setWord(pointer, value);
        }
    }

    private int mode() {
        return word(REG_CONFIGURATION) & CONFIG_MOD_MASK;
    }

    private void startConversion(Duration time) {
        converting = true;
        conversionDoneAt = clock.nanoTime() + time.toNanos();
    }

    /** Publishes the conversions that finished by now. */
    private void catchUp() {
        while (converting && clock.nanoTime() >= conversionDoneAt) {
            setWord(REG_TEMP_RESULT, (int) Math.round(celsius.getAsDouble() / Tmp117Registers.CELSIUS_PER_LSB));
            setWord(REG_CONFIGURATION, word(REG_CONFIGURATION) | CONFIG_DATA_READY);
            if (mode() == MOD_ONE_SHOT) {
                // One-shot: after the conversion the chip shuts down (MOD reads back as shutdown).
                setWord(REG_CONFIGURATION, (word(REG_CONFIGURATION) & ~CONFIG_MOD_MASK) | MOD_SHUTDOWN);
                converting = false;
            } else {
                conversionDoneAt += CONTINUOUS_CYCLE.toNanos();
            }
        }
    }
}
