// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

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
 * Binds {@code compatible: rohm,bh1750} profile nodes to {@link Bh1750}. Properties are those of
 * {@link Bh1750Settings}; {@code reg} must be 0x23 or 0x5C.
 */
public final class Bh1750Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "rohm,bh1750";

    /** I2C addresses selected by the ADDR pin: 0x23 when low, 0x5C when high (DS "I2C Bus Slave Address"). */
    public static final Set<Integer> ADDRESSES = Set.of(0x23, 0x5C);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.ILLUMINANCE);
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Bh1750Settings settings = Bh1750Settings.fromProperties(node.properties());
        NodeBinding.checkAddress(node, ADDRESSES, "a BH1750");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2c(node.bus(), node.address(), node.id()),
                device -> Bh1750.open(info, device, settings, sleeper));
    }
}
