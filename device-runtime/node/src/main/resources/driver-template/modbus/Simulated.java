package @PACKAGE@.sim;

import @PACKAGE@.@CLASS@Registers;
import java.util.Objects;
import java.util.function.Supplier;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.SimulatedRegisterMapSlave;

/**
 * The @PART_UPPER@ as a Modbus slave: its input registers refreshed from what it measures at every request. The
 * simulated line around it answers as a real line does (exception 02 outside the map, silence for another slave id or
 * a bad CRC, a turnaround delay).
 */
public final class Simulated@CLASS@ extends SimulatedRegisterMapSlave {
    private final Supplier<Conditions> conditions;

    public Simulated@CLASS@(Sleeper clock, Supplier<Conditions> conditions) {
        super(clock);
        this.conditions = Objects.requireNonNull(conditions, "conditions");
        onRequest(0);
    }

    @Override
    protected synchronized void onRequest(long nowNanos) {
        Conditions now = conditions.get();
        setInput(@CLASS@Registers.REG_TEMPERATURE, (int) Math.round(now.celsius() / @CLASS@Registers.SCALE));
        setInput(@CLASS@Registers.REG_HUMIDITY, (int) Math.round(now.relativeHumidity() / @CLASS@Registers.SCALE));
    }
}
