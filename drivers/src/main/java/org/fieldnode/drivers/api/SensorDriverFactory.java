// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.util.Set;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Creates sensors for hardware-profile nodes. Found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.fieldnode.drivers.api.SensorDriverFactory}) and bound by {@code "vendor,part"}.
 */
public interface SensorDriverFactory {
    /** The devicetree-style {@code "vendor,part"} strings this factory binds, in lower case. */
    Set<String> compatible();

    /** Every channel a sensor of this kind can produce. */
    Set<Channel> channels();

    /**
     * Probes, resets and configures the chip at {@code node}'s bus and address.
     *
     * @throws DeviceNotFoundException when nothing, or another part, answers there
     * @throws IllegalArgumentException naming the offending profile key when the node's properties are invalid
     */
    Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException;
}
