// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.time.InstantSource;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.SensorConfig;

/** Chooses the buses a profile runs on. */
final class BusProviders {
    private BusProviders() {}

    /**
     * A simulated bus provider with the catalogue's simulated chip attached for every enabled sensor, when every
     * bus of the profile is {@code simulated: true}.
     *
     * @throws ProfileException when the profile names hardware buses, which this build cannot open yet
     */
    static BusProvider forProfile(Profile profile) throws ProfileException {
        for (BusConfig bus : profile.buses().values()) {
            if (!bus.simulated()) {
                throw ProfileException.of(
                        profile.source(),
                        "buses." + bus.name() + ": hardware buses are not supported by this build yet;"
                                + " set 'simulated: true' to run on simulated chips");
            }
        }
        // The chips follow a day/night model of the real clock; the seed only varies the noise between runs.
        SimulatedChips chips = SimulatedChips.standard(InstantSource.system(), Sleeper.system(), System.nanoTime());
        SimulatedBusProvider buses = new SimulatedBusProvider(chips);
        profile.buses().keySet().forEach(buses::addI2cBus);
        for (SensorConfig sensor : profile.enabledSensors()) {
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
