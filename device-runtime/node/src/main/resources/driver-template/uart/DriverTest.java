package @PACKAGE@;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import @PACKAGE@.sim.Simulated@CLASS@;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frame format against the datasheet, and the driver against its simulator in virtual time. */
class @CLASS@Test {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final Simulated@CLASS@ chip = new Simulated@CLASS@(clock, () -> 20.0);
    private final SensorNode node = new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "serial0", 0, Map.of());

    @CLASS@Test() {
        buses.otherBuses().attachUart("serial0", chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void aFrame_carriesTenthsOfADegree_andItsSum() {
        byte[] frame = @CLASS@Protocol.frame(-35);
        assertThat(@CLASS@Protocol.celsius(frame)).isEqualTo(-3.5);
        assertThat(@CLASS@Protocol.judge(frame, 0, frame.length)).isInstanceOf(
                org.fieldnode.drivers.bus.FrameSync.Verdict.Frame.class);
    }

    @Test
    void fetch_readsWhatTheSensorMeasures_pastGarbage() throws Exception {
        chip.setCelsius(-3.5);
        try (Sensor sensor = new @CLASS@Factory().open(node, buses, clock)) {
            chip.injectBeforeNextFrame(new byte[] {(byte) 0xAA, 0x01});
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(-3.5);
        }
    }

    @Test
    void aBadChecksum_isATransientFault() throws Exception {
        try (Sensor sensor = new @CLASS@Factory().open(node, buses, clock)) {
            chip.failNext(10, org.fieldnode.drivers.sim.LineFault.CRC_ERROR);
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.isTransient()).isTrue());
        }
    }
}
