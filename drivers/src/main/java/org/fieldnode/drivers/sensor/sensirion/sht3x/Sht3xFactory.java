// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

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

/** Binds {@code compatible: sensirion,sht3x} profile nodes to {@link Sht3x}; {@code reg} must be 0x44 or 0x45. */
public final class Sht3xFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "sensirion,sht3x";

    /** I2C addresses selected by the ADDR pin (DS §3.3, Table 7). */
    public static final Set<Integer> ADDRESSES = Set.of(0x44, 0x45);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        NodeBinding.checkAddress(node, ADDRESSES, "an SHT3x");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2c(node.bus(), node.address(), node.id()), device -> Sht3x.open(info, device, sleeper));
    }
}
