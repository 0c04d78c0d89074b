package @PACKAGE@;

import java.util.Map;
import @PACKAGE@.sim.Simulated@CLASS@;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

/** fieldnode's driver kit on this driver and its simulator: what every driver must do. */
class @CLASS@ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new @CLASS@Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "i2c1", 0x48, Map.of());
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        Simulated@CLASS@ chip = new Simulated@CLASS@(clock, () -> 21.5);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
