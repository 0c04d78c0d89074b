// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.IioDevice;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.bus.OneWireBus;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.UartPort;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;

/**
 * Serves one node's bus from a capture: an {@code i2cdump} as a read-only register file, hex bytes as the reply of
 * a command chip (around its simulator) or as a UART stream, a {@code w1_slave} text as a 1-Wire line with one
 * probe. A bus the capture cannot serve throws {@link IllegalArgumentException} saying which capture is needed.
 */
final class ReplayBusProvider implements BusProvider {
    /** The ROM id the replayed DS18B20 gets when the node names none. */
    static final String DEFAULT_ROM = "28-000000000000";

    private final SensorNode node;
    private final Capture capture;
    private final FakeSleeper clock;
    private final ClassLoader simulators;
    private final List<CapturedReplyDevice> replyDevices = new ArrayList<>();
    private SimulatedBusProvider simulated;

    ReplayBusProvider(SensorNode node, Capture capture, FakeSleeper clock, ClassLoader simulators) {
        this.node = Objects.requireNonNull(node, "node");
        this.capture = Objects.requireNonNull(capture, "capture");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.simulators = Objects.requireNonNull(simulators, "simulators");
    }

    @Override
    public RegisterBus openI2cRegisters(String bus, int address, String sensorId) {
        if (capture instanceof Capture.RegisterDump dump) {
            return new DumpRegisterBus(dump, sensorId);
        }
        if (capture instanceof Capture.WordDump words) {
            return new WordDumpRegisterBus(words, sensorId);
        }
        throw new IllegalArgumentException(
                "%s reads a register map: replay it from i2cdump text (i2cdump -y BUS ADDR), not %s"
                        .formatted(node.compatible(), describe(capture)));
    }

    @Override
    public I2cDevice openI2c(String bus, int address, String sensorId) throws DeviceException {
        if (capture instanceof Capture.RegisterDump dump) {
            return new DumpRegisterBus(dump, sensorId);
        }
        if (capture instanceof Capture.Bytes bytes) {
            CapturedReplyDevice device =
                    new CapturedReplyDevice(simulatedChip().openI2c(bus, address, sensorId), bytes.bytes());
            replyDevices.add(device);
            return device;
        }
        throw new IllegalArgumentException("%s talks I2C: replay it from hex bytes or i2cdump text, not %s"
                .formatted(node.compatible(), describe(capture)));
    }

    @Override
    public UartPort openUart(String bus, String sensorId) {
        if (capture instanceof Capture.Bytes bytes) {
            return new CapturedUart(bytes.bytes(), clock);
        }
        throw new IllegalArgumentException("%s talks over a UART: replay it from hex bytes of the stream, not %s"
                .formatted(node.compatible(), describe(capture)));
    }

    @Override
    public ModbusDevice openModbus(String bus, int slave, String sensorId) {
        if (capture instanceof Capture.Bytes bytes) {
            return new CapturedModbusDevice(slave, bytes.bytes(), sensorId);
        }
        throw new IllegalArgumentException("%s is a Modbus slave: replay it from hex bytes of its answers, not %s"
                .formatted(node.compatible(), describe(capture)));
    }

    @Override
    public IioDevice openIio(String bus, String deviceName, String sensorId) {
        if (capture instanceof Capture.IioAttributes iio) {
            return new CapturedIioDevice(deviceName, iio.attributes(), sensorId);
        }
        throw new IllegalArgumentException("%s is a kernel IIO device: replay it from its sysfs attributes, not %s"
                .formatted(node.compatible(), describe(capture)));
    }

    @Override
    public OneWireBus openOneWire(String bus, String sensorId) {
        if (capture instanceof Capture.W1SlaveText w1) {
            String rom =
                    node.properties().getOrDefault("rom", DEFAULT_ROM).trim().toLowerCase(java.util.Locale.ROOT);
            return new CapturedOneWireLine(rom, w1.text(), sensorId);
        }
        throw new IllegalArgumentException("%s is on a 1-Wire line: replay it from a w1_slave file, not %s"
                .formatted(node.compatible(), describe(capture)));
    }

    /** Marks the start of the fetch being replayed. */
    void arm() {
        replyDevices.forEach(CapturedReplyDevice::arm);
    }

    /** @throws ReplayException when the driver opened a command chip but never read a reply the capture could be */
    void checkCaptureWasRead() throws ReplayException {
        for (CapturedReplyDevice device : replyDevices) {
            if (!device.substituted()) {
                throw new ReplayException(
                        "the capture holds %d bytes, but the %s driver's measurement read takes %s bytes"
                                .formatted(
                                        ((Capture.Bytes) capture).length(),
                                        node.compatible(),
                                        device.readLengths().isEmpty()
                                                ? "no"
                                                : device.readLengths().stream()
                                                        .map(String::valueOf)
                                                        .reduce((a, b) -> a + " or " + b)
                                                        .orElseThrow()));
            }
        }
    }

    private SimulatedBusProvider simulatedChip() {
        if (simulated == null) {
            SimulatedChips chips = SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock)
                    .withPlugins(simulators);
            if (!chips.supports(node.compatible()) && !chips.devices().supports(node.compatible())) {
                throw new IllegalArgumentException(("%s is a command chip without a simulator to answer its"
                                + " protocol around the measurement; only register-map chips replay without one")
                        .formatted(node.compatible()));
            }
            simulated = new SimulatedBusProvider(chips);
            simulated.populateDevice(node);
        }
        return simulated;
    }

    private static String describe(Capture capture) {
        return switch (capture) {
            case Capture.RegisterDump d -> "i2cdump text";
            case Capture.WordDump d -> "i2cdump word-mode text";
            case Capture.Bytes b -> "hex bytes";
            case Capture.W1SlaveText w -> "a w1_slave file";
            case Capture.IioAttributes a -> "IIO attributes";
        };
    }

    @Override
    public void close() {
        if (simulated != null) {
            simulated.close();
        }
    }
}
