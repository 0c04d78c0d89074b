// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

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
 * Binds {@code compatible: maxim,ds3231} profile nodes to {@link Ds3231}, which is both a temperature sensor and
 * a {@link org.fieldnode.drivers.api.TimeSource}. No properties; {@code reg} must be 0x68.
 */
public final class Ds3231Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "maxim,ds3231";

    /** The DS3231's fixed I2C address. */
    public static final int ADDRESS = 0x68;

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
        return Set.of(ADDRESS);
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        NodeBinding.checkAddress(node, addresses(), "a DS3231");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()), bus -> Ds3231.open(info, bus));
    }
}
