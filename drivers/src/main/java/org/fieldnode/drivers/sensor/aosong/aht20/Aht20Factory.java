// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.aht20;

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

/** {@code compatible: aosong,aht20} on I2C at 0x38: {@link Aht20}. */
public final class Aht20Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "aosong,aht20";

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
        return Set.of(Aht20Commands.ADDRESS);
    }

    @Override
    public void check(SensorNode node) {
        NodeBinding.checkAddress(node, addresses(), "an AHT20");
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2c(node.bus(), node.address(), node.id()), device -> Aht20.open(info, device, sleeper));
    }
}
