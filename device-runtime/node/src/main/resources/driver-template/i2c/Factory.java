package @PACKAGE@;

import java.util.EnumSet;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.NodeBinding;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds {@code compatible: @COMPATIBLE@} profile nodes on an I2C bus to {@link @CLASS@}. Listed in
 * {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}, so a node finds it once this jar is in
 * its {@code drivers.d/}.
 */
public final class @CLASS@Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "@COMPATIBLE@";

    /** The part's I2C addresses (set by its address pin): replace with your datasheet's. */
    public static final Set<Integer> ADDRESSES = Set.of(0x48, 0x49);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.AMBIENT_TEMPERATURE);
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    /** Checks {@code reg} (and would check {@code properties}) before anything opens: profile check calls it. */
    @Override
    public void check(SensorNode node) {
        NodeBinding.checkAddress(node, ADDRESSES, "a @PART_UPPER@");
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()),
                bus -> @CLASS@.open(info, bus, sleeper));
    }
}
