// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

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

/** Binds {@code plantower,pms5003} on a UART; see {@link Pms5003Settings} for the properties. */
public final class Pms5003Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "plantower,pms5003";
    private static final Set<Channel> CHANNELS = Set.of(Channel.PM1, Channel.PM2_5, Channel.PM10);

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
        return BusKind.UART;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Pms5003Settings settings = Pms5003Settings.fromProperties(node.properties());
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, CHANNELS);
        return Pms5003.open(info, buses.openUart(node.bus(), node.id()), settings, sleeper);
    }
}
