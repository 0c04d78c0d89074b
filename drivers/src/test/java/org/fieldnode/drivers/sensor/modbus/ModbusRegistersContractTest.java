// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.ModbusDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedMappedSlave;
import org.fieldnode.drivers.sim.SimulatedModbusSlave;

/** The driver kit on the generic register-map driver, with a map that needs two reads and every type. */
class ModbusRegistersContractTest extends ModbusDriverContract {
    static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("temperature.register", "0x0001"),
            Map.entry("temperature.type", "int16"),
            Map.entry("temperature.scale", "0.1"),
            Map.entry("temperature.unit", "Cel"),
            Map.entry("soil_moisture.register", "0"),
            Map.entry("soil_moisture.scale", "0.1"),
            Map.entry("power.register", "0x0010"),
            Map.entry("power.type", "float32"),
            Map.entry("power.word-order", "little"),
            Map.entry("power.function", "4"),
            Map.entry("count.register", "0x0012"),
            Map.entry("count.type", "uint32"),
            Map.entry("count.function", "4"));

    @Override
    protected SensorDriverFactory factory() {
        return new ModbusRegistersFactory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("probe0", ModbusRegistersFactory.COMPATIBLE, "rs485", 7, PROPERTIES);
    }

    @Override
    protected SimulatedModbusSlave newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedMappedSlave(
                clock, RegisterMap.parse(node.properties()), () -> SimulatedBme280.POWER_ON_CONDITIONS);
    }
}
