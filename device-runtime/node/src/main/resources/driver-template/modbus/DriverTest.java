package @PACKAGE@;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import @PACKAGE@.sim.Simulated@CLASS@;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The register conversion, and the driver against its simulator on a simulated RS-485 line, in virtual time. */
class @CLASS@Test {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final Simulated@CLASS@ probe = new Simulated@CLASS@(clock, () -> new Conditions(-4.2, 81.5, 100_000));

    @CLASS@Test() {
        buses.otherBuses().addModbusBus("rs485").line().attach(1, probe);
    }

    @AfterEach
    void hygiene() {
        assertThat(probe.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void temperature_isTwosComplementTenths() {
        assertThat(@CLASS@.celsius(0xFFD6)).isEqualTo(-4.2, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void fetch_readsBothRegisters() throws Exception {
        SensorNode node = new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "rs485", 1, Map.of());
        try (Sensor sensor = new @CLASS@Factory().open(node, buses, clock)) {
            Measurement m = sensor.fetch();
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE).getAsDouble()).isCloseTo(-4.2, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY).getAsDouble()).isCloseTo(81.5, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void anotherSlaveId_isNotFound() {
        SensorNode elsewhere = new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "rs485", 2, Map.of());
        assertThatThrownBy(() -> new @CLASS@Factory().open(elsewhere, buses, clock))
                .isInstanceOf(DeviceNotFoundException.class);
    }
}
