// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.avia.hx711;

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

/** {@code compatible: avia,hx711} on an {@code iio} bus: {@link Hx711}; property {@code iio-name} (default hx711). */
public final class Hx711Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "avia,hx711";
    public static final String DEFAULT_IIO_NAME = "hx711";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.MASS);
    }

    @Override
    public BusKind busKind() {
        return BusKind.IIO;
    }

    @Override
    public void check(SensorNode node) {
        Hx711Calibration.of(node.properties());
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Hx711Calibration calibration = Hx711Calibration.of(node.properties());
        String name = node.properties().getOrDefault("iio-name", DEFAULT_IIO_NAME);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return new Hx711(info, buses.openIio(node.bus(), name, node.id()), calibration);
    }
}
