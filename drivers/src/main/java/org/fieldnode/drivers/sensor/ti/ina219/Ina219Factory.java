// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

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
 * Binds {@code compatible: ti,ina219} profile nodes on an I2C bus to {@link Ina219}. Properties are those of
 * {@link Ina219Settings}; {@code reg} must be 0x40..0x4F (SBOS448G §8.5.5.1).
 */
public final class Ina219Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "ti,ina219";

    /** I2C addresses set by the A0/A1 pins (DS §8.5.5.1, Table 1): 0x40..0x4F. */
    public static final Set<Integer> ADDRESSES =
            Set.of(0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.VOLTAGE, Channel.CURRENT, Channel.POWER);
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Ina219Settings settings = Ina219Settings.fromProperties(node.properties());
        NodeBinding.checkAddress(node, ADDRESSES, "an INA219");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()),
                bus -> Ina219.open(info, bus, settings, sleeper));
    }
}
