// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.vishay.veml7700;

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

/** {@code compatible: vishay,veml7700} on I2C at 0x10: {@link Veml7700}. */
public final class Veml7700Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "vishay,veml7700";

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
        return Set.of(Veml7700Registers.ADDRESS);
    }

    @Override
    public void check(SensorNode node) {
        NodeBinding.checkAddress(node, addresses(), "a VEML7700");
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        check(node);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()),
                bus -> Veml7700.open(info, bus, sleeper));
    }
}
