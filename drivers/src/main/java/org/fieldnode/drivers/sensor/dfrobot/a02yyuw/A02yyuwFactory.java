// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.dfrobot.a02yyuw;

import java.time.Duration;
import java.util.Set;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.NodeProperties;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds {@code dfrobot,a02yyuw} on a UART. Properties: {@code mount-height-m} (required: height of the sensor face
 * above the water-level datum, in metres) and {@code timeout} (default {@code 1s}).
 */
public final class A02yyuwFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "dfrobot,a02yyuw";
    private static final Set<Channel> CHANNELS = Set.of(Channel.DISTANCE, Channel.WATER_LEVEL);

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
        double mountHeight = NodeProperties.decimal(node.properties(), "mount-height-m")
                .orElseThrow(() -> new IllegalArgumentException(
                        "properties.mount-height-m: required, the sensor's height above the level datum in metres"));
        if (!(mountHeight > 0)) {
            throw NodeProperties.invalid("mount-height-m", "a positive number of metres", Double.toString(mountHeight));
        }
        Duration timeout = NodeProperties.duration(node.properties(), "timeout", Duration.ofSeconds(1));
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, CHANNELS);
        return A02yyuw.open(info, buses.openUart(node.bus(), node.id()), mountHeight, timeout, sleeper);
    }
}
