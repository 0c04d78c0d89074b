// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.CLEAR_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.MEASUREMENT_HIGH_TYPICAL;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.MEASURE_HIGH_REPEATABILITY;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.MEASURE_LOW_REPEATABILITY;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.MEASURE_MEDIUM_REPEATABILITY;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.READ_SERIAL_NUMBER;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.READ_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.SOFT_RESET;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.STATUS_COMMAND_FAILED;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.STATUS_RESET_DETECTED;

import java.time.Duration;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A command-level Sensirion SHT3x-DIS ("Datasheet SHT3x-DIS", version 7) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: single-shot measurements without clock stretching (0x2400, 0x240B, 0x2416) taking their typical
 * times (DS Table 4: 12.5, 4.5, 2.5 ms), during which read headers are NACKed like the real chip (allowed polling,
 * DS §4.3); soft reset (0x30A2, 0.5 ms here); serial number (0x3780); status (0xF32D) with the reset-detected and
 * command-failed bits; clear status (0x3041). Clock stretching, periodic mode, heater and alert are not modelled:
 * their commands are rejected like unknown ones, which also sets the status's command-failed bit.
 *
 * <p>Backend face: {@link #setConditions}, {@link #setConditionSource}, {@link #setSerialNumber},
 * {@link #corruptNextReply()}.
 */
public final class SimulatedSht3x extends SimulatedSensirionChip {
    private static final Duration MEASUREMENT_MEDIUM_TYPICAL =
            Duration.ofMillis(4).plusNanos(500_000);
    private static final Duration MEASUREMENT_LOW_TYPICAL = Duration.ofMillis(2).plusNanos(500_000);
    private static final Duration SOFT_RESET_TYPICAL = Duration.ofNanos(500_000);

    private long serialNumber = 0x1C2D_3E4FL;
    private int status = STATUS_RESET_DETECTED; // set at power-on
    private long measurements;

    public SimulatedSht3x(Sleeper clock) {
        super(clock, 2);
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
            status |= STATUS_COMMAND_FAILED;
            throw rejected("command 0x%04X takes no arguments, got %s", command, hex(arguments));
        }
        switch (command) {
            case MEASURE_HIGH_REPEATABILITY -> measure(command, MEASUREMENT_HIGH_TYPICAL);
            case MEASURE_MEDIUM_REPEATABILITY -> measure(command, MEASUREMENT_MEDIUM_TYPICAL);
            case MEASURE_LOW_REPEATABILITY -> measure(command, MEASUREMENT_LOW_TYPICAL);
            case SOFT_RESET -> {
                status = STATUS_RESET_DETECTED;
                execute(command, SOFT_RESET_TYPICAL);
            }
            case READ_SERIAL_NUMBER ->
                execute(command, Duration.ZERO, (int) (serialNumber >> 16), (int) serialNumber & 0xFFFF);
            case READ_STATUS -> execute(command, Duration.ZERO, status);
            case CLEAR_STATUS -> status = 0;
            default -> {
                status |= STATUS_COMMAND_FAILED;
                throw rejected("unknown or unmodelled SHT3x command 0x%04X", command);
            }
        }
        if (command != READ_STATUS && command != CLEAR_STATUS) {
            status &= ~STATUS_COMMAND_FAILED; // DS Table 19: the bit reflects the last command
        }
    }

    private void measure(int command, Duration time) {
        measurements++;
        Conditions c = measure();
        execute(command, time, temperatureWord(c.celsius()), word(c.relativeHumidity() * 0xFFFF / 100.0));
    }
}
