// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import java.util.Set;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.NodeBinding;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * {@code compatible: fieldnode,modbus-registers}: any Modbus RTU device whose manual lists its registers, described
 * in the profile ({@link RegisterMap}) instead of in Java, so that a pilot adds a new probe by writing its register
 * map. {@code reg} is the slave id (1..247); the bus is a {@code modbus} line, which holds the baud rate and framing.
 */
public final class ModbusRegistersFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "fieldnode,modbus-registers";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    /** Every quantity of the vocabulary (but the node's health): the profile's map says which a sensor has. */
    @Override
    public Set<Channel> channels() {
        return RegisterMap.QUANTITIES;
    }

    @Override
    public BusKind busKind() {
        return BusKind.MODBUS;
    }

    @Override
    public void check(SensorNode node) {
        checkSlave(node);
        RegisterMap.parse(node.properties());
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        checkSlave(node);
        RegisterMap map = RegisterMap.parse(node.properties());
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, map.channels());
        return NodeBinding.openOwning(
                buses.openModbus(node.bus(), node.address(), node.id()),
                device -> RegisterMapSensor.open(info, device, map));
    }

    /** {@code reg} is a slave id, 1..247 ("Modbus over Serial Line V1.02" §2.2). */
    public static void checkSlave(SensorNode node) {
        if (node.address() < 1 || node.address() > 247) {
            throw new IllegalArgumentException("reg: the Modbus slave id, 1..247, got %d".formatted(node.address()));
        }
    }
}
