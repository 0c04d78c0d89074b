// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.contact;

import java.time.Duration;
import java.util.Map;
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
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds {@code fieldnode,gpio-contact}: a switch on one GPIO input (a float switch in a tank, a door's reed switch,
 * a pump's auxiliary contact). The node's bus is the GPIO chip, its {@code reg} the line offset. Properties:
 * {@code active} ({@code low}, the default: a switch closing to ground, or {@code high}), {@code pull} ({@code up},
 * the default, {@code down} or {@code none}) and {@code debounce} (default 20 ms). It reports {@code contact}: 1
 * when the line is at its active level (closed), 0 otherwise.
 */
public final class GpioContactFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "fieldnode,gpio-contact";

    /** A mechanical contact settles within a few milliseconds; 20 ms leaves room for a float that sloshes. */
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(20);

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.CONTACT);
    }

    @Override
    public BusKind busKind() {
        return BusKind.GPIO;
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Map<String, String> properties = node.properties();
        boolean activeHigh = activeHigh(properties);
        GpioLine.Pull pull = pull(properties);
        GpioLine line = buses.openGpioInput(
                node.bus(),
                node.address(),
                NodeProperties.duration(properties, "debounce", DEFAULT_DEBOUNCE),
                pull,
                node.id());
        return new GpioContact(new SensorInfo(node.id(), COMPATIBLE, Set.of(Channel.CONTACT)), line, activeHigh);
    }

    /** @throws IllegalArgumentException naming the property at fault */
    public static boolean activeHigh(Map<String, String> properties) {
        String active = properties.getOrDefault("active", "low").trim();
        return switch (active) {
            case "low" -> false;
            case "high" -> true;
            default -> throw NodeProperties.invalid("active", "low or high", active);
        };
    }

    private static GpioLine.Pull pull(Map<String, String> properties) {
        String bias = properties.getOrDefault("pull", "up").trim();
        return switch (bias) {
            case "up" -> GpioLine.Pull.PULL_UP;
            case "down" -> GpioLine.Pull.PULL_DOWN;
            case "none" -> GpioLine.Pull.NONE;
            default -> throw NodeProperties.invalid("pull", "up, down or none", bias);
        };
    }
}
