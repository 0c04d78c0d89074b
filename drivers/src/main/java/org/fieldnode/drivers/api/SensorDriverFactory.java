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
     * The channels of {@link #channels()} whose values can be personal data (SECURITY R21): values that can tell
     * whether people are there, what they do or where they are — presence, a sound level, a location, a count of
     * people passing a door. The node keeps none of them unless the profile enables them for the sensor
     * ({@code personal: [quantity, ...]}); {@code fieldnode drivers} marks them. Declare every channel that can be
     * personal where the part is normally installed, even when it is also used for something else.
     *
     * @return a subset of {@link #channels()}; empty (the default) for a driver that measures nothing personal, as
     *     weather, soil, water and air-quality parts do
     */
    default Set<Channel> personalChannels() {
        return Set.of();
    }

    /**
     * The kind of bus the part is usually wired to: the one its captures are taken on ({@code fieldnode replay}) and
     * probe snippets name. The default, {@link BusKind#I2C}, suits most chips; drivers on other buses override it.
     */
    default BusKind busKind() {
        return BusKind.I2C;
    }

    /**
     * Every kind of bus {@link #open} works on, {@link #busKind()} among them. A profile that puts the sensor on a
     * bus of another kind is refused when it is checked ({@code fieldnode profile check}, {@code run}), with these
     * kinds named, instead of failing when the node opens it. The default is {@link #busKind()} alone; a part with
     * more than one interface (a Bosch BME280 on I2C or SPI) lists each one {@link #open} handles.
     */
    default Set<BusKind> busKinds() {
        return Set.of(busKind());
    }

    /**
     * The bus addresses the part can answer at (I2C 7-bit addresses, as its datasheet lists them), or an empty set
     * when the bus has no addresses to choose from (UART, 1-Wire by ROM id, IIO by name) or any address will do.
     * Tools list them and probe them, and a profile that gives the sensor another {@code reg} on an I2C bus is
     * refused when it is checked; {@link #open} still checks the node's address itself.
     */
    default Set<Integer> addresses() {
        return Set.of();
    }

    /**
     * Probes, resets and configures the chip at {@code node}'s bus and address.
     *
     * @throws DeviceNotFoundException when nothing, or another part, answers there
     * @throws IllegalArgumentException naming the offending profile key when the node's properties are invalid
     */
    Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException;
}
