// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.IioDevice;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.bus.OneWireBus;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.UartPort;

/**
 * A {@link BusProvider} over named {@link SimulatedI2cBus}es and {@link SimulatedSpiBus}es, for tests and
 * {@code --simulate} runs. Declare buses with {@link #addI2cBus} and {@link #addSpiBus}, put chips on them with
 * {@link #attach} or, from a profile node, {@link #populate}. Naming a bus that was not declared throws
 * {@link IllegalArgumentException}, as a profile error would. Thread-safe.
 */
public final class SimulatedBusProvider implements BusProvider {
    private final SimulatedChips chips;
    private final Map<String, SimulatedI2cBus> buses = new LinkedHashMap<>();
    private final Map<String, SimulatedSpiBus> spiBuses = new LinkedHashMap<>();
    private final SimulatedOtherBuses others;

    public SimulatedBusProvider(SimulatedChips chips) {
        this.chips = Objects.requireNonNull(chips, "chips");
        this.others = new SimulatedOtherBuses(chips.devices());
    }

    /** A provider with every node's bus declared and every node populated. */
    public static SimulatedBusProvider populatedWith(SimulatedChips chips, Collection<SensorNode> nodes) {
        SimulatedBusProvider provider = new SimulatedBusProvider(chips);
        for (SensorNode node : nodes) {
            provider.populateDevice(node);
        }
        return provider;
    }

    /** Declares the I2C bus {@code name}, or returns it when it exists. */
    public synchronized SimulatedI2cBus addI2cBus(String name) {
        return buses.computeIfAbsent(Objects.requireNonNull(name, "name"), SimulatedI2cBus::new);
    }

    /** Declares the SPI bus (one chip select) {@code name}, or returns it when it exists. */
    public synchronized SimulatedSpiBus addSpiBus(String name) {
        return spiBuses.computeIfAbsent(Objects.requireNonNull(name, "name"), SimulatedSpiBus::new);
    }

    /** @throws IllegalArgumentException when no SPI bus of that name was declared */
    public synchronized SimulatedSpiBus spiBus(String name) {
        SimulatedSpiBus bus = spiBuses.get(name);
        if (bus == null) {
            throw new IllegalArgumentException(
                    "no simulated SPI bus named '%s' (have %s)".formatted(name, spiBuses.keySet()));
        }
        return bus;
    }

    /** I2C or SPI for the buses declared here; empty for other names. */
    @Override
    public synchronized Optional<BusKind> busKind(String bus) {
        if (buses.containsKey(bus)) {
            return Optional.of(BusKind.I2C);
        }
        return spiBuses.containsKey(bus) ? Optional.of(BusKind.SPI) : Optional.empty();
    }

    /** @throws IllegalArgumentException when no bus of that name was declared */
    public synchronized SimulatedI2cBus i2cBus(String name) {
        SimulatedI2cBus bus = buses.get(name);
        if (bus == null) {
            throw new IllegalArgumentException(
                    "no simulated I2C bus named '%s' (have %s)".formatted(name, buses.keySet()));
        }
        return bus;
    }

    /** Connects {@code target} at {@code address} on the bus {@code busName}. */
    public void attach(String busName, int address, SimulatedI2cTarget target) {
        i2cBus(busName).attach(address, target);
    }

    /**
     * Attaches the catalogue's chip for {@code node.compatible()} at the node's bus and address, or to the node's
     * bus alone when that is a declared SPI bus.
     *
     * @return the new chip, to reach its backend face and {@code violations()}
     * @throws IllegalArgumentException for an unknown bus or a compatible the catalogue lacks
     */
    public SimulatedI2cTarget populate(SensorNode node) {
        if (busKind(node.bus()).orElse(BusKind.I2C) == BusKind.SPI) {
            SimulatedSpiBus bus = spiBus(node.bus());
            SimulatedI2cTarget chip = chips.create(node);
            bus.attach(chip);
            return chip;
        }
        SimulatedI2cBus bus = i2cBus(node.bus());
        SimulatedI2cTarget chip = chips.create(node);
        bus.attach(node.address(), chip);
        return chip;
    }

    /**
     * Puts the catalogue's device for {@code node.compatible()} where the node says, on any bus kind: a register or
     * command chip as {@link #populate} does (declaring an I2C bus when the node's bus is not a declared SPI bus),
     * any other device on the UART, 1-Wire line,
     * IIO bus, GPIO chip or Modbus line named by the node's bus, created when first named. A plug-in's device
     * ({@link SimulatedChips#withPlugins}) goes where its kind says.
     *
     * @return the new device, to reach its backend face and {@code violations()}
     * @throws IllegalArgumentException for a compatible the catalogue lacks
     */
    public SimulatedDevice populateDevice(SensorNode node) {
        if (chips.supports(node.compatible())) {
            if (busKind(node.bus()).isEmpty()) {
                addI2cBus(node.bus());
            }
            return populate(node);
        }
        SimulatedDevice device = chips.devices().create(node);
        if (device instanceof SimulatedI2cTarget chip) {
            // a plug-in's register or command chip: placed like the catalogue's
            if (busKind(node.bus()).orElse(BusKind.I2C) == BusKind.SPI) {
                spiBus(node.bus()).attach(chip);
            } else {
                addI2cBus(node.bus()).attach(node.address(), chip);
            }
            return chip;
        }
        return others.place(node, device);
    }

    /** The UART, 1-Wire, IIO and GPIO buses, to reach them by name in tests. */
    public SimulatedOtherBuses otherBuses() {
        return others;
    }

    @Override
    public UartPort openUart(String bus, String sensorId) {
        return others.uart(bus).open(sensorId);
    }

    @Override
    public ModbusDevice openModbus(String bus, int slave, String sensorId) throws DeviceException {
        return others.modbusBus(bus).open(slave, sensorId);
    }

    @Override
    public OneWireBus openOneWire(String bus, String sensorId) {
        return others.oneWireLine(bus).open(sensorId);
    }

    @Override
    public IioDevice openIio(String bus, String deviceName, String sensorId) throws DeviceNotFoundException {
        return others.iioBus(bus).open(deviceName, sensorId);
    }

    @Override
    public GpioLine openGpioInput(String bus, int line, Duration debounce, String sensorId) throws BusException {
        return others.gpioChip(bus).openInput(line, debounce, sensorId);
    }

    @Override
    public GpioLine openGpioOutput(String bus, int line, boolean initialHigh, String sensorId) throws BusException {
        return others.gpioChip(bus).openOutput(line, initialHigh, sensorId);
    }

    @Override
    public RegisterBus openI2cRegisters(String bus, int address, String sensorId) {
        return i2cBus(bus).open(sensorId, address);
    }

    @Override
    public I2cDevice openI2c(String bus, int address, String sensorId) {
        return i2cBus(bus).openDevice(sensorId, address);
    }

    @Override
    public RegisterBus openSpiRegisters(String bus, String sensorId) {
        return spiBus(bus).open(sensorId);
    }

    /** @throws AssertionError when a handle on any bus is still open */
    public void assertNoOpenHandles() {
        for (SimulatedI2cBus bus : snapshot()) {
            bus.assertNoOpenHandles();
        }
        for (SimulatedSpiBus bus : spiSnapshot()) {
            bus.assertNoOpenHandles();
        }
        others.assertNoOpenHandles();
    }

    /** Closes every handle still open on every bus. Never throws. */
    @Override
    public void close() {
        for (SimulatedI2cBus bus : snapshot()) {
            bus.closeAll();
        }
        for (SimulatedSpiBus bus : spiSnapshot()) {
            bus.closeAll();
        }
        others.closeAll();
    }

    private synchronized List<SimulatedI2cBus> snapshot() {
        return new ArrayList<>(buses.values());
    }

    private synchronized List<SimulatedSpiBus> spiSnapshot() {
        return new ArrayList<>(spiBuses.values());
    }
}
