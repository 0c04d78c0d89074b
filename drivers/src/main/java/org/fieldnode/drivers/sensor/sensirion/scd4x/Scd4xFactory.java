// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

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
 * Binds {@code compatible: sensirion,scd4x} profile nodes to {@link Scd4x}; {@code reg} must be 0x62. Property
 * {@code mode}: {@code periodic} (default) or {@code single-shot} (SCD41 only), see {@link Scd4xMode}.
 */
public final class Scd4xFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "sensirion,scd4x";

    /** The SCD4x has one fixed I2C address (DS §3.2). */
    public static final int ADDRESS = 0x62;

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.CO2, Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
    }

    @Override
    public Set<Integer> addresses() {
        return Set.of(ADDRESS);
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Scd4xMode mode = Scd4xMode.fromProperty(node.properties().get(Scd4xMode.KEY_MODE));
        NodeBinding.checkAddress(node, addresses(), "an SCD4x");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2c(node.bus(), node.address(), node.id()),
                device -> Scd4x.open(info, device, mode, sleeper));
    }
}
