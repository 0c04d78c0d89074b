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
 * The factory of a Modbus probe whose register map is fixed by its manual: a {@link RegisterMapSensor} on that map,
 * on a {@code modbus} bus, {@code reg} the slave id. A concrete probe's factory names its compatible and map.
 */
public abstract class RegisterMapFactory implements SensorDriverFactory {
    private final String compatible;
    private final RegisterMap map;

    protected RegisterMapFactory(String compatible, RegisterMap map) {
        this.compatible = compatible;
        this.map = map;
    }

    @Override
    public final Set<String> compatible() {
        return Set.of(compatible);
    }

    @Override
    public final Set<Channel> channels() {
        return map.channels();
    }

    @Override
    public final BusKind busKind() {
        return BusKind.MODBUS;
    }

    @Override
    public void check(SensorNode node) {
        ModbusRegistersFactory.checkSlave(node);
    }

    @Override
    public final Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), compatible, channels());
        return NodeBinding.openOwning(
                buses.openModbus(node.bus(), node.address(), node.id()),
                device -> RegisterMapSensor.open(info, device, map));
    }
}
