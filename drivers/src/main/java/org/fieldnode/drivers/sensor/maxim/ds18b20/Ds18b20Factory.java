// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import java.util.Set;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds {@code maxim,ds18b20} on a 1-Wire line. Property {@code rom} ({@code 28-0316a2797eff}) picks the probe; it
 * may be left out when the probe is alone on the line. The node's {@code reg} is not used: a 64-bit ROM id does
 * not fit it.
 */
public final class Ds18b20Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "maxim,ds18b20";
    private static final Set<Channel> CHANNELS = Set.of(Channel.AMBIENT_TEMPERATURE);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return CHANNELS;
    }

    @Override
    public BusKind busKind() {
        return BusKind.ONE_WIRE;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, CHANNELS);
        return Ds18b20.open(
                info,
                buses.openOneWire(node.bus(), node.id()),
                node.properties().get("rom"));
    }
}
