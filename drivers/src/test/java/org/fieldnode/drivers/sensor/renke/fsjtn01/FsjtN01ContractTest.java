// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.renke.fsjtn01;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.ModbusDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedFsjtN01;
import org.fieldnode.drivers.sim.SimulatedModbusSlave;
import org.junit.jupiter.api.Test;

class FsjtN01ContractTest extends ModbusDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new FsjtN01Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("wind0", FsjtN01Factory.COMPATIBLE, "rs485", 1, Map.of());
    }

    @Override
    protected SimulatedModbusSlave newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedFsjtN01(clock);
    }

    @Test
    void windSpeed_isTheRegisterInTenthsOfAMetrePerSecond() throws Exception {
        FakeSleeper clock = new FakeSleeper();
        SimulatedFsjtN01 anemometer = new SimulatedFsjtN01(clock);
        anemometer.setWindSpeed(12.3);
        try (SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock))) {
            buses.otherBuses().addModbusBus("rs485").line().attach(1, anemometer);
            try (Sensor sensor = factory().open(node(), buses, clock)) {
                assertThat(sensor.fetch().get(Channel.WIND_SPEED)).hasValue(12.3);
            }
        }
    }
}
