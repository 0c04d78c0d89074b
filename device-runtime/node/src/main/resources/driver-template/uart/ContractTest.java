package @PACKAGE@;

import java.util.Map;
import @PACKAGE@.sim.Simulated@CLASS@;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.UartDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;

/** fieldnode's driver kit on this driver and its simulator: what every UART driver must do. */
class @CLASS@ContractTest extends UartDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new @CLASS@Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "serial0", 0, Map.of());
    }

    @Override
    protected SimulatedSerialDevice newDevice(SensorNode node, FakeSleeper clock) {
        return new Simulated@CLASS@(clock, () -> 21.5);
    }
}
