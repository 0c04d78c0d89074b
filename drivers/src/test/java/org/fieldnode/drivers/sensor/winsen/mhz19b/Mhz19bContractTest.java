// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.winsen.mhz19b;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.UartDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedMhz19b;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;
import org.junit.jupiter.api.Test;

class Mhz19bContractTest extends UartDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Mhz19bFactory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("co2", Mhz19bFactory.COMPATIBLE, "serial0", 0, Map.of());
    }

    @Override
    protected SimulatedSerialDevice newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedMhz19b(clock);
    }

    @Test
    void theReadCommand_isTheManualsBytes() {
        assertThat(HexFormat.of().formatHex(Mhz19bProtocol.command(Mhz19bProtocol.READ_CO2)))
                .isEqualTo("ff0186000000000079");
    }
}
