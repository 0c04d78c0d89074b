// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.SensorDriverFactory;

/**
 * What a profile is checked against for one driver, as its {@link SensorDriverFactory} declares it: the kinds of bus
 * it works on, the addresses the part answers at and the channels that can be personal. A sensor the driver could
 * not open is then refused with its file, line and column before the node runs, instead of failing in a re-open
 * loop when it does.
 *
 * @param compatible the {@code "vendor,part"} a profile names it by
 * @param busKinds every kind of bus its factory opens ({@link SensorDriverFactory#busKinds()})
 * @param addresses the part's I2C addresses; empty when any will do (or it has none)
 * @param personalChannels the channels a profile must ask for by name to keep (SECURITY R21)
 */
public record DriverDeclaration(
        String compatible, Set<BusKind> busKinds, Set<Integer> addresses, Set<Channel> personalChannels) {
    public DriverDeclaration {
        Objects.requireNonNull(compatible, "compatible");
        busKinds = Set.copyOf(busKinds);
        addresses = Set.copyOf(addresses);
        personalChannels = Set.copyOf(personalChannels);
    }

    /** What {@code factory} declares for {@code compatible}, one of its compatible strings. */
    public static DriverDeclaration of(String compatible, SensorDriverFactory factory) {
        return new DriverDeclaration(compatible, factory.busKinds(), factory.addresses(), factory.personalChannels());
    }

    /**
     * A driver known by name only (a loader given compatible strings, as tools and tests make): any bus and any
     * address pass, so only what the profile itself says is checked.
     */
    static DriverDeclaration byNameOnly(String compatible, Set<Channel> personalChannels) {
        return new DriverDeclaration(compatible, EnumSet.allOf(BusKind.class), Set.of(), personalChannels);
    }

    /** True when the driver opens a bus of {@code kind} as a profile writes it ({@code i2c}, {@code onewire}). */
    boolean worksOn(String kind) {
        return busKinds.stream().anyMatch(k -> k.profileName().equals(kind));
    }

    /** True when the part can answer at I2C {@code address}; a driver that declares no address takes any. */
    boolean answersAt(int address) {
        return addresses.isEmpty() || addresses.contains(address);
    }

    /** The bus kinds as a profile writes them, sorted: {@code i2c and spi}, {@code uart}. */
    String busKindsText() {
        var names = busKinds.stream().map(BusKind::profileName).sorted().toList();
        if (names.size() == 1) {
            return names.getFirst();
        }
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", ")) + " and "
                + names.getLast();
    }
}
