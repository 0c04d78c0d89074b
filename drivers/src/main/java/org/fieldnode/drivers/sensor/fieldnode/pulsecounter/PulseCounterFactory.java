// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

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
 * Binds {@code fieldnode,pulse-counter}: the node's bus is the GPIO chip, its {@code reg} the line offset; see
 * {@link PulseCounterSettings} for the properties. A sensor reports {@code count} and the channel of its mode.
 */
public final class PulseCounterFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "fieldnode,pulse-counter";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.RAIN, Channel.RAIN_TOTAL, Channel.WIND_SPEED, Channel.FLOW, Channel.COUNT);
    }

    @Override
    public BusKind busKind() {
        return BusKind.GPIO;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        PulseCounterSettings settings = PulseCounterSettings.fromProperties(node.properties());
        SensorInfo info = new SensorInfo(
                node.id(),
                COMPATIBLE,
                settings.mode() == PulseMode.RAIN && settings.total()
                        ? Set.of(Channel.RAIN, Channel.RAIN_TOTAL, Channel.COUNT)
                        : Set.of(settings.mode().channel(), Channel.COUNT));
        return PulseCounter.open(
                info,
                buses.openGpioInput(node.bus(), node.address(), settings.debounce(), settings.pull(), node.id()),
                settings,
                sleeper);
    }
}
