// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.MEASUREMENT_HIGH_TYPICAL;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.MEASURE_HIGH_PRECISION;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.MEASURE_LOW_PRECISION;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.MEASURE_MEDIUM_PRECISION;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.READ_SERIAL_NUMBER;
import static org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xCommands.SOFT_RESET;

import java.time.Duration;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A command-level Sensirion SHT4x ("Datasheet SHT4x", version 6.x) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: one-byte commands; measurements at high, medium and low precision (0xFD, 0xF6, 0xE0) taking their
 * typical times (DS Table 4: 6.9, 3.7, 1.3 ms), read headers NACKed meanwhile; serial number (0x89, 0.2 ms here);
 * soft reset (0x94, 0.5 ms here). Humidity words follow RH = −6 + 125 · S / 65535, so 0..100 %RH uses S from about
 * 3146 to 55573. The heater commands are not modelled and rejected like unknown ones.
 *
 * <p>Backend face: {@link #setConditions}, {@link #setConditionSource}, {@link #setSerialNumber},
 * {@link #corruptNextReply()}.
 */
public final class SimulatedSht4x extends SimulatedSensirionChip {
    private static final Duration MEASUREMENT_MEDIUM_TYPICAL =
            Duration.ofMillis(3).plusNanos(700_000);
    private static final Duration MEASUREMENT_LOW_TYPICAL = Duration.ofMillis(1).plusNanos(300_000);
    private static final Duration SERIAL_NUMBER_TIME = Duration.ofNanos(200_000);
    private static final Duration SOFT_RESET_TYPICAL = Duration.ofNanos(500_000);

    private long serialNumber = 0x0F1E_2D3CL;
    private long measurements;

    public SimulatedSht4x(Sleeper clock) {
        super(clock, 1);
    }

    /** The 32-bit serial number the chip reports. */
    public synchronized void setSerialNumber(long serialNumber) {
        if (serialNumber >>> 32 != 0) {
            throw new IllegalArgumentException("the serial number has 32 bits");
        }
        this.serialNumber = serialNumber;
    }

    /** Measurements started since power-on. */
    public synchronized long measurements() {
        return measurements;
    }

    @Override
    protected void command(int command, byte[] arguments) {
        if (arguments.length != 0) {
            throw rejected("SHT4x commands are one byte; 0x%02X came with %s", command, hex(arguments));
        }
        switch (command) {
            case MEASURE_HIGH_PRECISION -> measure(command, MEASUREMENT_HIGH_TYPICAL);
            case MEASURE_MEDIUM_PRECISION -> measure(command, MEASUREMENT_MEDIUM_TYPICAL);
            case MEASURE_LOW_PRECISION -> measure(command, MEASUREMENT_LOW_TYPICAL);
            case READ_SERIAL_NUMBER ->
                execute(command, SERIAL_NUMBER_TIME, (int) (serialNumber >> 16), (int) serialNumber & 0xFFFF);
            case SOFT_RESET -> execute(command, SOFT_RESET_TYPICAL);
            default -> throw rejected("unknown or unmodelled SHT4x command 0x%02X", command);
        }
    }

    private void measure(int command, Duration time) {
        measurements++;
        Conditions c = measure();
        execute(command, time, temperatureWord(c.celsius()), word((c.relativeHumidity() + 6.0) * 0xFFFF / 125.0));
    }
}
