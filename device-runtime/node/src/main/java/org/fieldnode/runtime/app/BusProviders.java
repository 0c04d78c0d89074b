// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.time.InstantSource;
import java.util.Map;
import java.util.stream.Collectors;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverJars;

/** Chooses the buses a profile runs on. */
final class BusProviders {
    private BusProviders() {}

    /**
     * A simulated bus provider, with the catalogue's (or a driver jar's) simulated device for every enabled sensor,
     * when every bus of the profile is {@code simulated: true}; otherwise a {@link BoardBusProvider} on the real buses, which sends the
     * simulated ones (if any) to such a simulated provider.
     *
     * @throws ProfileException when a sensor on a simulated bus has no simulated device
     */
    static BusProvider forProfile(Profile profile) throws ProfileException {
        boolean allSimulated = profile.buses().values().stream().allMatch(BusConfig::simulated);
        boolean anySimulated = profile.buses().values().stream().anyMatch(BusConfig::simulated);
        SimulatedBusProvider simulated = anySimulated ? simulated(profile) : null;
        if (allSimulated) {
            return simulated;
        }
        Map<String, BusConfig> buses = profile.buses();
        return new BoardBusProvider(buses, simulated, BoardBusProvider.pi4jFor(buses), Sleeper.system());
    }

    private static SimulatedBusProvider simulated(Profile profile) throws ProfileException {
        // The chips follow a day/night model of the real clock; the seed only varies the noise between runs. Simulators
        // shipped in the trusted jars of drivers.d join them here, for a simulated bus only.
        SimulatedChips chips;
        try {
            chips = SimulatedChips.standard(InstantSource.system(), Sleeper.system(), System.nanoTime())
                    .withPlugins(DriverJars.installed().classLoader());
        } catch (IllegalStateException e) {
            throw ProfileException.of(profile.source(), e.getMessage());
        }
        SimulatedBusProvider buses = new SimulatedBusProvider(chips);
        Map<String, BusConfig> simulatedBuses = profile.buses().values().stream()
                .filter(BusConfig::simulated)
                .collect(Collectors.toMap(BusConfig::name, b -> b));
        simulatedBuses.values().stream().filter(b -> b.kind().equals("i2c")).forEach(b -> buses.addI2cBus(b.name()));
        simulatedBuses.values().stream().filter(b -> b.kind().equals("spi")).forEach(b -> buses.addSpiBus(b.name()));
        simulatedBuses.values().stream()
                .filter(b -> b.modbus().isPresent())
                .forEach(b -> buses.otherBuses()
                        .addModbusBus(b.name(), b.modbus().get().settings()));
        for (SensorConfig sensor : profile.enabledSensors()) {
            if (!simulatedBuses.containsKey(sensor.bus())) {
                continue;
            }
            try {
                buses.populateDevice(sensor.toNode());
            } catch (IllegalArgumentException e) {
                buses.close();
                throw ProfileException.of(profile.source(), "sensors." + sensor.id() + ": " + e.getMessage());
            }
        }
        return buses;
    }
}
