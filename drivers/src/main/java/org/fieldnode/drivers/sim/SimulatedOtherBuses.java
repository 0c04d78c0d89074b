// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;

/**
 * The UART, 1-Wire, IIO, GPIO and Modbus buses of a {@link SimulatedBusProvider}, by profile name. A bus comes into being
 * when a device is populated on it or a test {@code add}s it; opening a bus that does not exist is an
 * {@link IllegalArgumentException}, as a profile error would be. Thread-safe.
 */
public final class SimulatedOtherBuses {
    private final SimulatedDeviceCatalogue catalogue;
    private final Map<String, SimulatedUart> uarts = new LinkedHashMap<>();
    private final Map<String, SimulatedOneWireLine> oneWireLines = new LinkedHashMap<>();
    private final Map<String, SimulatedIioBus> iioBuses = new LinkedHashMap<>();
    private final Map<String, SimulatedGpioChip> gpioChips = new LinkedHashMap<>();
    private final Map<String, SimulatedModbusBus> modbusBuses = new LinkedHashMap<>();

    SimulatedOtherBuses(SimulatedDeviceCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    /** Creates the catalogue's device for {@code node} and puts it on the node's bus. */
    synchronized SimulatedDevice populate(SensorNode node) {
        return place(node, catalogue.create(node));
    }

    /** Puts {@code device} on the node's bus, by its kind. */
    synchronized SimulatedDevice place(SensorNode node, SimulatedDevice device) {
        switch (device) {
            case SimulatedSerialDevice serial -> attachUart(node.bus(), serial);
            case SimulatedDs18b20 probe -> addOneWireLine(node.bus()).attach(probe);
            case SimulatedIioDevice iio -> addIioBus(node.bus()).attach(iio);
            case SimulatedGpioLine line -> addGpioChip(node.bus()).attach(node.address(), line);
            case SimulatedModbusSlave slave -> addModbusBus(node.bus()).line().attach(node.address(), slave);
            default ->
                throw new IllegalArgumentException("%s: cannot place a %s on a bus"
                        .formatted(node.id(), device.getClass().getSimpleName()));
        }
        return device;
    }

    /** Wires {@code device} to a new UART named {@code name}. */
    public synchronized SimulatedUart attachUart(String name, SimulatedSerialDevice device) {
        if (uarts.containsKey(name)) {
            throw new IllegalArgumentException("UART %s already has a device".formatted(name));
        }
        SimulatedUart uart = new SimulatedUart(name, device, catalogue.clock());
        uarts.put(name, uart);
        return uart;
    }

    public synchronized SimulatedOneWireLine addOneWireLine(String name) {
        return oneWireLines.computeIfAbsent(name, n -> new SimulatedOneWireLine(n, catalogue.clock()));
    }

    public synchronized SimulatedIioBus addIioBus(String name) {
        return iioBuses.computeIfAbsent(name, SimulatedIioBus::new);
    }

    public synchronized SimulatedGpioChip addGpioChip(String name) {
        return gpioChips.computeIfAbsent(name, n -> new SimulatedGpioChip(n, catalogue.clock()));
    }

    /** The Modbus bus {@code name} with the default line settings (9600 8N1), created when first named. */
    public synchronized SimulatedModbusBus addModbusBus(String name) {
        return addModbusBus(name, ModbusSettings.DEFAULTS);
    }

    /** The Modbus bus {@code name}, created with {@code settings} when first named. */
    public synchronized SimulatedModbusBus addModbusBus(String name, ModbusSettings settings) {
        return modbusBuses.computeIfAbsent(name, n -> new SimulatedModbusBus(n, settings, catalogue.clock()));
    }

    public synchronized SimulatedModbusBus modbusBus(String name) {
        return get(modbusBuses, name, "Modbus bus");
    }

    public synchronized SimulatedUart uart(String name) {
        return get(uarts, name, "UART");
    }

    public synchronized SimulatedOneWireLine oneWireLine(String name) {
        return get(oneWireLines, name, "1-Wire line");
    }

    public synchronized SimulatedIioBus iioBus(String name) {
        return get(iioBuses, name, "IIO bus");
    }

    public synchronized SimulatedGpioChip gpioChip(String name) {
        return get(gpioChips, name, "GPIO chip");
    }

    private static <T> T get(Map<String, T> buses, String name, String kind) {
        T bus = buses.get(name);
        if (bus == null) {
            throw new IllegalArgumentException(
                    "no simulated %s named '%s' (have %s)".formatted(kind, name, buses.keySet()));
        }
        return bus;
    }

    /** @throws AssertionError when a handle on any of these buses is still open */
    public void assertNoOpenHandles() {
        List<Object> all = snapshot();
        for (Object bus : all) {
            switch (bus) {
                case SimulatedUart u -> u.assertNoOpenHandles();
                case SimulatedOneWireLine l -> l.assertNoOpenHandles();
                case SimulatedIioBus i -> i.assertNoOpenHandles();
                case SimulatedGpioChip g -> g.assertNoOpenHandles();
                case SimulatedModbusBus m -> m.assertNoOpenHandles();
                default -> throw new IllegalStateException();
            }
        }
    }

    void closeAll() {
        for (Object bus : snapshot()) {
            switch (bus) {
                case SimulatedUart u -> u.closeAll();
                case SimulatedOneWireLine l -> l.closeAll();
                case SimulatedIioBus i -> i.closeAll();
                case SimulatedGpioChip g -> g.closeAll();
                case SimulatedModbusBus m -> m.closeAll();
                default -> throw new IllegalStateException();
            }
        }
    }

    private synchronized List<Object> snapshot() {
        List<Object> all = new ArrayList<>();
        all.addAll(uarts.values());
        all.addAll(oneWireLines.values());
        all.addAll(iioBuses.values());
        all.addAll(gpioChips.values());
        all.addAll(modbusBuses.values());
        return all;
    }
}
