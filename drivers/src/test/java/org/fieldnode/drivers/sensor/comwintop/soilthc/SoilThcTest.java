// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.comwintop.soilthc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedSoilThc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SoilThcTest {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final SimulatedSoilThc probe = new SimulatedSoilThc(clock, () -> SimulatedBme280.POWER_ON_CONDITIONS);
    private final SensorNode node = new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 1, Map.of());

    SoilThcTest() {
        buses.otherBuses().addModbusBus("rs485").line().attach(1, probe);
    }

    @AfterEach
    void hygiene() {
        assertThat(probe.violations()).isEmpty();
        assertThat(buses.otherBuses().modbusBus("rs485").line().violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void fetch_convertsTheManualsUnits_frostIncluded() throws Exception {
        probe.setSoil(42.7, -3.4, 1830);
        try (Sensor sensor = new SoilThcFactory().open(node, buses, clock)) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.SOIL_MOISTURE).getAsDouble()).isCloseTo(42.7, within(1e-9));
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE).getAsDouble()).isCloseTo(-3.4, within(1e-9));
            assertThat(m.get(Channel.CONDUCTIVITY).getAsDouble()).isCloseTo(0.183, within(1e-12)); // 1830 µS/cm
        }
    }

    @Test
    void fetch_readsTheThreeRegistersInOneTransaction() throws Exception {
        try (Sensor sensor = new SoilThcFactory().open(node, buses, clock)) {
            long before = probe.requests();
            sensor.fetch();
            assertThat(probe.requests() - before).isEqualTo(1);
        }
    }

    @Test
    void aProbeAtAnotherSlaveId_isNotFound() {
        SensorNode elsewhere = new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 2, Map.of());

        assertThatThrownBy(() -> new SoilThcFactory().open(elsewhere, buses, clock))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessage("soil0: slave 2 on rs485 (simulated) does not answer (3 attempts)");
    }

    @Test
    void slaveIdZero_isAProfileError() {
        SensorNode broadcast = new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 0, Map.of());

        assertThatThrownBy(() -> new SoilThcFactory().check(broadcast))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reg: the Modbus slave id, 1..247, got 0");
    }
}
