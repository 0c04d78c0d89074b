// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.Objects;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;

/**
 * Offline replay: decodes a capture taken on a real node exactly as a live fetch would, by running the real driver
 * ({@link SensorDriverFactory#open} then one {@link Sensor#fetch()}) against a bus served from the capture, in
 * virtual time. Checksums, identity checks and conversions are the driver's own, so a capture with a bad checksum,
 * a missing register or no complete frame fails with the driver's {@link DeviceException}, never a reading.
 *
 * <p>Which capture a driver takes follows its {@link SensorDriverFactory#busKind()} (SENSORS.md):
 *
 * <ul>
 *   <li>I2C: {@code i2cdump} text for register-map chips, served read-only (control writes ignored), in word mode
 *       ({@code i2cdump ... w}) for chips with 16-bit registers; hex bytes for
 *       command chips, the reply to one measurement command, with the chip's simulator answering the commands
 *       around it (needs a simulator in the standard catalogue);
 *   <li>UART: hex bytes of the stream, played again after every drain, so it may start mid-frame;
 *   <li>Modbus: hex bytes of the slave's answer frames, one per request the driver makes, in order;
 *   <li>1-Wire: the {@code w1_slave} file of a DS18B20;
 *   <li>IIO: the device's sysfs attributes ({@code grep . /sys/bus/iio/devices/iio:device0/in_*}).
 * </ul>
 *
 * SPI and GPIO drivers have no capture format.
 */
public final class Replay {
    private Replay() {}

    /**
     * Parses {@code text} in the capture format of {@code kind}.
     *
     * @throws IllegalArgumentException when drivers on {@code kind} have no capture format
     */
    public static Capture parse(BusKind kind, String source, String text) throws MalformedCaptureException {
        return switch (kind) {
            case I2C ->
                CaptureParser.looksLikeWordDump(text)
                        ? CaptureParser.i2cWordDump(source, text)
                        : CaptureParser.looksLikeI2cDump(text)
                                ? CaptureParser.i2cDump(source, text)
                                : CaptureParser.hex(source, text);
            case UART, MODBUS -> CaptureParser.hex(source, text);
            case ONE_WIRE -> CaptureParser.w1Slave(source, text);
            case IIO -> CaptureParser.iioAttributes(source, text);
            case SPI, GPIO ->
                throw new IllegalArgumentException(
                        "drivers on %s buses cannot be replayed: SENSORS.md defines no capture format for them"
                                .formatted(kind.profileName()));
        };
    }

    /**
     * Opens the driver on the capture, fetches once and closes it.
     *
     * @throws DeviceException as the driver reports the capture's faults (bad checksum, missing register, no frame)
     * @throws ReplayException when the capture does not fit the driver's reads
     * @throws IllegalArgumentException when the node is invalid for the driver, or the capture is of the wrong kind
     */
    public static Measurement run(SensorDriverFactory factory, SensorNode node, Capture capture)
            throws DeviceException, ReplayException {
        return run(factory, node, capture, Replay.class.getClassLoader());
    }

    /**
     * Like {@link #run(SensorDriverFactory, SensorNode, Capture)}, with the simulators of driver jars that
     * {@code simulators} finds ({@link org.fieldnode.drivers.sim.SimulatedDeviceFactory}) answering a command chip's
     * protocol around the captured measurement.
     */
    public static Measurement run(SensorDriverFactory factory, SensorNode node, Capture capture, ClassLoader simulators)
            throws DeviceException, ReplayException {
        Objects.requireNonNull(factory, "factory");
        FakeSleeper clock = new FakeSleeper(1L << 40);
        try (ReplayBusProvider buses = new ReplayBusProvider(node, capture, clock, simulators)) {
            try (Sensor sensor = factory.open(node, buses, clock)) {
                buses.arm();
                Measurement measurement = sensor.fetch();
                buses.checkCaptureWasRead();
                return measurement;
            }
        }
    }
}
