// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.GET_DATA_READY_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.GET_SERIAL_NUMBER;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.MEASURE_SINGLE_SHOT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.READ_MEASUREMENT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.READ_TIME;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.SET_AMBIENT_PRESSURE;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.SIGNAL_UPDATE_INTERVAL;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.SINGLE_SHOT_TIME;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.START_PERIODIC_MEASUREMENT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.STOP_PERIODIC_MEASUREMENT;
import static org.fieldnode.drivers.sensor.sensirion.scd4x.Scd4xCommands.STOP_PERIODIC_TIME;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A command-level Sensirion SCD40/SCD41 ("Datasheet SCD4x", version 1.x) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: start/stop periodic measurement (a sample every 5 s, the buffer emptied on read-out), data-ready
 * status (0x8006 when a sample waits, 0x8000 when not: only the low 11 bits count), read measurement, serial number,
 * set ambient pressure, and on the SCD41 measure single shot (5 s). Every command executes for its time of DS Table
 * 9, during which the chip NACKs.
 *
 * <p>Datasheet rules recorded in {@link #violations()}, besides those of {@link SimulatedSensirionChip}: a command
 * other than read_measurement, get_data_ready_status, stop_periodic_measurement and set_ambient_pressure during
 * periodic measurement (DS §3.5, rejected), a read before the command's execution time passed, read_measurement
 * with no sample waiting, measure_single_shot on an SCD40, and an argument with a wrong CRC.
 *
 * <p>Backend face: {@link #setConditions}, {@link #setConditionSource}, {@link #setCo2Ppm}, {@link #setSerialNumber},
 * {@link #corruptNextReply()}, {@link #periodic()}.
 */
public final class SimulatedScd4x extends SimulatedSensirionChip {
    /** The two parts: only the SCD41 has single-shot mode. */
    public enum Variant {
        SCD40,
        SCD41
    }

    private static final Set<Integer> ALLOWED_DURING_PERIODIC =
            Set.of(READ_MEASUREMENT, GET_DATA_READY_STATUS, STOP_PERIODIC_MEASUREMENT, SET_AMBIENT_PRESSURE);
    private static final int DATA_READY = 0x8006;
    private static final int DATA_NOT_READY = 0x8000;

    private final Variant variant;
    private long serialNumber = 0xA1B2_C3D4_E5F6L;
    private int co2Ppm = 420;
    private boolean periodic;
    private long periodicStartedAt;
    private long samplesRead;
    private boolean singleShotSample;
    private long samples;

    public SimulatedScd4x(Variant variant, Sleeper clock) {
        super(clock, 2);
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    public Variant variant() {
        return variant;
    }

    /** The CO2 concentration the next samples see, in ppm (the SCD4x outputs whole ppm, 0..40 000). */
    public synchronized void setCo2Ppm(int ppm) {
        if (ppm < 0 || ppm > 40_000) {
            throw new IllegalArgumentException("CO2 outside the SCD4x output range 0..40000 ppm: " + ppm);
        }
        co2Ppm = ppm;
    }

    /** The 48-bit serial number the chip reports. */
    public synchronized void setSerialNumber(long serialNumber) {
        if (serialNumber >>> 48 != 0) {
            throw new IllegalArgumentException("the serial number has 48 bits");
        }
        this.serialNumber = serialNumber;
    }

    /** Whether periodic measurement runs. */
    public synchronized boolean periodic() {
        return periodic;
    }

    /** Samples read out since power-on. */
    public synchronized long samplesRead() {
        return samples;
    }

    @Override
    protected void command(int command, byte[] arguments) {
        if (periodic && !ALLOWED_DURING_PERIODIC.contains(command)) {
            throw rejected("command 0x%04X is not allowed during periodic measurement (DS §3.5)", command);
        }
        if (command == SET_AMBIENT_PRESSURE) {
            setAmbientPressure(arguments);
            return;
        }
        if (arguments.length != 0) {
            throw rejected("command 0x%04X takes no arguments, got %s", command, hex(arguments));
        }
        switch (command) {
            case START_PERIODIC_MEASUREMENT -> {
                periodic = true;
                periodicStartedAt = nanoTime();
                samplesRead = 0;
                singleShotSample = false;
                execute(command, Duration.ZERO);
            }
            case STOP_PERIODIC_MEASUREMENT -> {
                periodic = false;
                singleShotSample = false;
                execute(command, STOP_PERIODIC_TIME);
            }
            case GET_SERIAL_NUMBER ->
                execute(
                        command,
                        READ_TIME,
                        (int) (serialNumber >> 32) & 0xFFFF,
                        (int) (serialNumber >> 16) & 0xFFFF,
                        (int) serialNumber & 0xFFFF);
            case GET_DATA_READY_STATUS -> execute(command, READ_TIME, sampleWaiting() ? DATA_READY : DATA_NOT_READY);
            case READ_MEASUREMENT -> readMeasurement(command);
            case MEASURE_SINGLE_SHOT -> {
                if (variant != Variant.SCD41) {
                    throw rejected("measure_single_shot 0x%04X exists on the SCD41 only", command);
                }
                singleShotSample = true;
                execute(command, SINGLE_SHOT_TIME);
            }
            default -> throw rejected("unknown or unmodelled SCD4x command 0x%04X", command);
        }
    }

    @Override
    protected void readWhileExecuting(int command) {
        violation("read before command 0x%04X finished executing (DS Table 9)", command);
    }

    private void readMeasurement(int command) {
        if (!sampleWaiting()) {
            throw rejected("read_measurement with no sample waiting; poll get_data_ready_status first");
        }
        if (periodic) {
            samplesRead = samplesDue();
        }
        singleShotSample = false;
        samples++;
        Conditions c = measure();
        execute(command, READ_TIME, co2Ppm, temperatureWord(c.celsius()), word(c.relativeHumidity() * 0xFFFF / 100.0));
    }

    private void setAmbientPressure(byte[] arguments) {
        if (arguments.length != 3) {
            throw rejected("set_ambient_pressure takes one word and its CRC, got %s", hex(arguments));
        }
        int word = (arguments[0] & 0xFF) << 8 | arguments[1] & 0xFF;
        if (crc(word) != (arguments[2] & 0xFF)) {
            throw rejected("set_ambient_pressure argument 0x%04X has a wrong CRC", word);
        }
        execute(SET_AMBIENT_PRESSURE, READ_TIME);
    }

    private boolean sampleWaiting() {
        return periodic ? samplesDue() > samplesRead : singleShotSample;
    }

    private long samplesDue() {
        return (nanoTime() - periodicStartedAt) / SIGNAL_UPDATE_INTERVAL.toNanos();
    }
}
