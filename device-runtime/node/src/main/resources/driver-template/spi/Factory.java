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
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds {@code compatible: @COMPATIBLE@} profile nodes to {@link @CLASS@} on an SPI bus (one chip select per profile
 * bus; register reads send the address with bit 7 set) or, when the profile puts it on an I2C bus, over I2C: one
 * driver for both, as fieldnode's BME280 driver does. Listed in
 * {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}.
 */
public final class @CLASS@Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "@COMPATIBLE@";

    /** The part's I2C addresses, when it sits on I2C: replace with your datasheet's. */
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
    public BusKind busKind() {
        return BusKind.SPI;
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        RegisterBus bus;
        if (buses.busKind(node.bus()).orElse(BusKind.SPI) == BusKind.I2C) {
            NodeBinding.checkAddress(node, ADDRESSES, "a @PART_UPPER@");
            bus = buses.openI2cRegisters(node.bus(), node.address(), node.id());
        } else {
            bus = buses.openSpiRegisters(node.bus(), node.id());
        }
        return NodeBinding.openOwning(bus, b -> @CLASS@.open(info, b, sleeper));
    }
}
