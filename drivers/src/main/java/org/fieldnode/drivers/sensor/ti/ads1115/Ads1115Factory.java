// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

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
 * Binds {@code compatible: ti,ads1115} profile nodes on an I2C bus to {@link Ads1115}. Properties are those of
 * {@link Ads1115Settings}; {@code reg} must be 0x48..0x4B (SBAS444 §9.5.1.1).
 */
public final class Ads1115Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "ti,ads1115";

    /** I2C addresses set by wiring the ADDR pin to GND, VDD, SDA or SCL (DS §9.5.1.1, Table 4). */
    public static final Set<Integer> ADDRESSES = Set.of(0x48, 0x49, 0x4A, 0x4B);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.VOLTAGE, Channel.SOIL_MOISTURE);
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Ads1115Settings settings = Ads1115Settings.fromProperties(node.properties());
        NodeBinding.checkAddress(node, ADDRESSES, "an ADS1115");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, settings.channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()),
                bus -> Ads1115.open(info, bus, settings, sleeper));
    }
}
