// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

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
 * Binds {@code compatible: ti,tmp117} profile nodes on an I2C bus to {@link Tmp117}; {@code reg} must be 0x48..0x4B.
 * Listed in {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}, so a node finds it as soon as
 * this jar is on its class path ({@code drivers.d/}).
 */
public final class Tmp117Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "ti,tmp117";

    /** Addresses selected by wiring ADD0 to GND, V+, SDA or SCL (DS, "Serial Bus Address"). */
    public static final Set<Integer> ADDRESSES = Set.of(0x48, 0x49, 0x4A, 0x4B);

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

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        NodeBinding.checkAddress(node, ADDRESSES, "a TMP117");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()), bus -> Tmp117.open(info, bus, sleeper));
    }
}
