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
 * Binds {@code compatible: @COMPATIBLE@} profile nodes on a {@code modbus} bus to {@link @CLASS@}; {@code reg} is the
 * slave id. Listed in {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}.
 */
public final class @CLASS@Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "@COMPATIBLE@";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
    }

    @Override
    public BusKind busKind() {
        return BusKind.MODBUS;
    }

    /** {@code reg} is a slave id, 1..247. */
    @Override
    public void check(SensorNode node) {
        if (node.address() < 1 || node.address() > 247) {
            throw new IllegalArgumentException("reg: the Modbus slave id, 1..247, got " + node.address());
        }
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openModbus(node.bus(), node.address(), node.id()), device -> @CLASS@.open(info, device));
    }
}
