package @PACKAGE@;

import java.util.Map;
import @PACKAGE@.sim.Simulated@CLASS@;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.ModbusDriverContract;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedModbusSlave;

/** fieldnode's driver kit on this driver and its simulator: what every Modbus driver must do. */
class @CLASS@ContractTest extends ModbusDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new @CLASS@Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("sensor0", @CLASS@Factory.COMPATIBLE, "rs485", @CLASS@Registers.FACTORY_SLAVE_ID, Map.of());
    }

    @Override
    protected SimulatedModbusSlave newDevice(SensorNode node, FakeSleeper clock) {
        return new Simulated@CLASS@(clock, () -> new Conditions(21.5, 55, 101_325));
    }
}
