// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

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
 * Binds {@code compatible: bosch,bme280} profile nodes on an I2C bus to {@link Bme280}. Properties are those of
 * {@link Bme280Settings}; {@code reg} must be 0x76 or 0x77 (DS §6.2).
 */
public final class Bme280Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "bosch,bme280";

    /** I2C addresses the chip can have, selected by the SDO pin (DS §6.2). */
    private static final Set<Integer> ADDRESSES = Set.of(0x76, 0x77);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY, Channel.PRESSURE);
    }

    @Override
    public Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Bme280Settings settings = Bme280Settings.fromProperties(node.properties());
        NodeBinding.checkAddress(node, ADDRESSES, "a BME280");
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, settings.channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()),
                bus -> Bme280.open(info, bus, settings, sleeper));
    }
}
