// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.winsen.mhz19b;

import java.util.EnumSet;
import java.util.Set;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.NodeBinding;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/** {@code compatible: winsen,mh-z19b} on a UART: {@link Mhz19b}. */
public final class Mhz19bFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "winsen,mh-z19b";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.CO2);
    }

    @Override
    public BusKind busKind() {
        return BusKind.UART;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return NodeBinding.openOwning(buses.openUart(node.bus(), node.id()), port -> Mhz19b.open(info, port, sleeper));
    }
}
