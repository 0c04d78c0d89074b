package @PACKAGE@;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import @PACKAGE@.sim.Simulated@CLASS@;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The conversion against the datasheet, and the driver against its simulator on SPI, in virtual time. */
class @CLASS@Test {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final Simulated@CLASS@ chip = new Simulated@CLASS@(clock, () -> 20.0);
    private final SensorNode node = new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "spi0", 0, Map.of());

    @CLASS@Test() {
        buses.addSpiBus("spi0").attach(chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void celsius_isTwosComplementIn256thsOfADegree() {
        assertThat(@CLASS@.celsius(0x1900)).isEqualTo(25.0);
        assertThat(@CLASS@.celsius(0xFF80)).isEqualTo(-0.5);
    }

    @Test
    void fetch_overSpi_readsWhatTheChipMeasures() throws Exception {
        chip.setCelsius(-3.25);
        try (Sensor sensor = new @CLASS@Factory().open(node, buses, clock)) {
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(-3.25);
        }
    }
}
