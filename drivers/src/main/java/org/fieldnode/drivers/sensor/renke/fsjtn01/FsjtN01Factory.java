// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.renke.fsjtn01;

import java.util.EnumSet;
import java.util.List;
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
import org.fieldnode.drivers.sensor.modbus.ModbusRegistersFactory;
import org.fieldnode.drivers.sensor.modbus.RegisterMap;
import org.fieldnode.drivers.sensor.modbus.RegisterMapSensor;
import org.fieldnode.drivers.sensor.modbus.RegisterSpec;
import org.fieldnode.drivers.sensor.modbus.RegisterType;

/**
 * Renke RS-FSJT-N01, the RS-485 three-cup anemometer of many village weather masts. Register map from the maker's
 * manual ("RS-FSJT-N01 wind speed transmitter user manual", communication protocol: register list), holding
 * register 0x0000 read with function 03: the wind speed in 0.1 m/s (uint16; the manual's "actual value × 10").
 * 0x0001 holds the Beaufort force, which the node does not send (the speed says it).
 *
 * <p>Factory settings: slave id 1, 4800 baud 8N1 ({@code baud: 4800} on the {@code modbus} bus); 10-30 V supply.
 */
public final class FsjtN01Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "renke,rs-fsjt-n01";

    /** The register map of the manual. */
    public static final RegisterMap MAP =
            new RegisterMap(List.of(RegisterSpec.holding(Channel.WIND_SPEED, 0x0000, RegisterType.UINT16, 0.1)));

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.WIND_SPEED);
    }

    @Override
    public BusKind busKind() {
        return BusKind.MODBUS;
    }

    @Override
    public void check(SensorNode node) {
        ModbusRegistersFactory.checkSlave(node);
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openModbus(node.bus(), node.address(), node.id()),
                device -> RegisterMapSensor.open(info, device, MAP));
    }
}
