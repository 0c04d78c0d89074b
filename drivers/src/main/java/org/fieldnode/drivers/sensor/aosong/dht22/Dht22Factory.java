// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.dht22;

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
 * Binds {@code aosong,dht22} on an IIO bus. Property {@code iio-name} (default {@code dht11}, the kernel driver's
 * name) picks the device when several IIO devices exist; with two DHT22s, give their overlays distinct names.
 */
public final class Dht22Factory implements SensorDriverFactory {
    public static final String COMPATIBLE = "aosong,dht22";
    public static final String DEFAULT_IIO_NAME = "dht11";
    private static final Set<Channel> CHANNELS = Set.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);

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
        return BusKind.IIO;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        String name = node.properties().getOrDefault("iio-name", DEFAULT_IIO_NAME);
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, CHANNELS);
        return new Dht22(info, buses.openIio(node.bus(), name, node.id()));
    }
}
