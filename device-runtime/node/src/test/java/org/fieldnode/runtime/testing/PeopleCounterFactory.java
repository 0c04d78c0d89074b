// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.testing;

import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A test driver that declares a personal channel (SECURITY R21): a door counter that counts the people passing
 * ({@code count}, personal) and measures the temperature at the door (not personal). It opens no bus. The catalogue
 * has no driver with a personal channel today, so the mechanism is proven with this one; it is not registered as a
 * service on the test class path, so only tests that ask for it (or a {@code drivers.d} jar naming it) see it.
 */
public final class PeopleCounterFactory implements SensorDriverFactory {
    public static final String COMPATIBLE = "test,people-counter";

    @Override
    public Set<String> compatible() {
        return Set.of(COMPATIBLE);
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.COUNT, Channel.AMBIENT_TEMPERATURE);
    }

    @Override
    public Set<Channel> personalChannels() {
        return Set.of(Channel.COUNT);
    }

    @Override
    public Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) {
        SensorInfo info = new SensorInfo(node.id(), COMPATIBLE, channels());
        return new Sensor() {
            private int passed;

            @Override
            public SensorInfo info() {
                return info;
            }

            @Override
            public Measurement fetch() {
                passed += 3;
                return new Measurement(Map.of(Channel.COUNT, (double) passed, Channel.AMBIENT_TEMPERATURE, 21.5));
            }

            @Override
            public void close() {}
        };
    }
}
