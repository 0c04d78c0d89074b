package @PACKAGE@.sim;

import java.util.Set;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.SimulatedDevice;
import org.fieldnode.drivers.sim.SimulatedDeviceFactory;
import org.fieldnode.drivers.sim.SimulationContext;

/**
 * Makes the simulated @PART_UPPER@ for simulated profiles ({@code fieldnode demo --profile}, {@code run},
 * {@code probe --simulate}, {@code soak}): listed in {@code META-INF/services/org.fieldnode.drivers.sim.SimulatedDeviceFactory},
 * found only when a profile asks for a simulated bus. It measures the simulation's weather.
 */
public final class @CLASS@Simulator implements SimulatedDeviceFactory {
    @Override
    public Set<String> compatible() {
        return Set.of("@COMPATIBLE@");
    }

    @Override
    public SimulatedDevice create(SensorNode node, SimulationContext context) {
        return new Simulated@CLASS@(context.clock(), context.environment());
    }
}
