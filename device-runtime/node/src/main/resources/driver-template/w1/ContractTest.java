package @PACKAGE@;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.OneWireDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedDs18b20;

/** fieldnode's driver kit on this driver and a simulated probe: what every 1-Wire driver must do. */
class @CLASS@ContractTest extends OneWireDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new @CLASS@Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "w1", 0, Map.of("rom", "28-0316a2797eff"));
    }

    @Override
    protected SimulatedDs18b20 newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedDs18b20(0x0316_a279_7effL, () -> 12.5);
    }
}
