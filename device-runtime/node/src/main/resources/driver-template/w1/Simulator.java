package @PACKAGE@.sim;

import java.util.Set;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.SimulatedDevice;
import org.fieldnode.drivers.sim.SimulatedDeviceFactory;
import org.fieldnode.drivers.sim.SimulatedDs18b20;
import org.fieldnode.drivers.sim.SimulationContext;

/**
 * Makes the simulated @PART_UPPER@ for simulated profiles: a family-0x28 probe with the DS18B20's scratchpad, as the
 * kernel's {@code w1} files show it, measuring the simulation's weather. Listed in
 * {@code META-INF/services/org.fieldnode.drivers.sim.SimulatedDeviceFactory}; found only for a simulated bus.
 */
public final class @CLASS@Simulator implements SimulatedDeviceFactory {
    @Override
    public Set<String> compatible() {
        return Set.of("@COMPATIBLE@");
    }

    @Override
    public SimulatedDevice create(SensorNode node, SimulationContext context) {
        String rom = node.properties().getOrDefault("rom", "28-00000000002a");
        return new SimulatedDs18b20(Long.parseLong(rom.substring(3), 16), () -> context.environment().get().celsius());
    }
}
