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
 * Binds {@code compatible: @COMPATIBLE@} profile nodes on a {@code onewire} bus to {@link @CLASS@}; property
 * {@code rom} names the probe when several share the line. Listed in
 * {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}.
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
        return BusKind.ONE_WIRE;
    }

    @Override
    public void check(SensorNode node) {
        String rom = node.properties().get("rom");
        if (rom != null && !rom.trim().toLowerCase(java.util.Locale.ROOT).matches("28-[0-9a-f]{12}")) {
            throw new IllegalArgumentException(
                    "properties.rom: expected a probe id such as 28-0316a2797eff, got '" + rom + "'");
        }
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        String rom = node.properties().get("rom");
        return NodeBinding.openOwning(buses.openOneWire(node.bus(), node.id()), bus -> @CLASS@.open(info, bus, rom));
    }
}
