package @PACKAGE@;

import java.util.EnumSet;
import java.util.Set;
import org.fieldnode.drivers.api.BusKind;
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
 * Binds {@code compatible: @COMPATIBLE@} profile nodes on a {@code uart} bus (one sensor per port) to
 * {@link @CLASS@}. Listed in {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}.
 */
public final class @CLASS@Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "@COMPATIBLE@";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.AMBIENT_TEMPERATURE);
    }

    @Override
    public BusKind busKind() {
        return BusKind.UART;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(buses.openUart(node.bus(), node.id()), port -> @CLASS@.open(info, port, sleeper));
    }
}
