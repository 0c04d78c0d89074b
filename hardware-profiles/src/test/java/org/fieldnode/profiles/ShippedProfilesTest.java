// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped profile loads, validates against its board, and binds each sensor to a registered driver (Zephyr's
 * build-all); every simulated kit really samples on simulators.
 */
class ShippedProfilesTest {
    private static final Path SOURCES = Path.of("src/main/resources/profiles");
    private static final DriverRegistry DRIVERS = DriverRegistry.load();
    private static final ProfileLoader LOADER = DRIVERS.profileLoader();

    static List<String> shippedProfiles() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
    }

    static List<String> simulatedProfiles() throws IOException {
        return shippedProfiles().stream()
                .filter(n -> n.startsWith("simulated-"))
                .toList();
    }

    static List<String> hardwareKits() {
        return List.of("weather-station", "soil-moisture", "water-level", "air-quality", "solar-power");
    }

    @Test
    void index_listsExactlyTheShippedProfiles() throws IOException {
        assertThat(ProfileLoader.builtInProfiles()).containsExactlyInAnyOrderElementsOf(shippedProfiles());
    }

    @ParameterizedTest
    @MethodSource("shippedProfiles")
    void profile_validatesAndEverySensorHasADriver(String name) throws Exception {
        Profile profile = LOADER.load(name);

        assertThat(profile.enabledSensors()).isNotEmpty();
        for (SensorConfig sensor : profile.sensors()) {
            assertThat(DRIVERS.find(sensor.compatible()))
                    .as("driver for %s in %s", sensor.compatible(), name)
                    .isPresent();
            assertThat(DRIVERS.find(sensor.compatible()).orElseThrow().busKind().profileName())
                    .as("bus kind of %s in %s", sensor.id(), name)
                    .isEqualTo(profile.buses().get(sensor.bus()).kind());
        }
    }

    @ParameterizedTest
    @MethodSource("hardwareKits")
    void hardwareKit_namesAShippedBoard_andUsesRealBuses(String name) throws Exception {
        Profile profile = LOADER.load(name);

        assertThat(profile.board()).startsWith("raspberrypi,");
        assertThat(profile.buses().values()).noneMatch(BusConfig::simulated);
    }

    @ParameterizedTest
    @MethodSource("hardwareKits")
    void everyHardwareKit_hasASimulatedTwinWithTheSameSensors(String name) throws Exception {
        Profile kit = LOADER.load(name);
        String twin = name.equals("weather-station") ? "simulated-weather-station-kit" : "simulated-" + name;
        Profile simulated = LOADER.load(twin);

        assertThat(simulated.board()).isEqualTo("simulated");
        assertThat(simulated.buses().values()).allMatch(BusConfig::simulated);
        assertThat(summary(simulated)).isEqualTo(summary(kit));
    }

    /** Every enabled sensor of every simulated profile opens on the simulators and measures something. */
    @ParameterizedTest
    @MethodSource("simulatedProfiles")
    void simulatedProfile_samplesEverySensor(String name) throws Exception {
        Profile profile = LOADER.load(name);
        FakeSleeper clock = new FakeSleeper();
        SimulatedChips chips = SimulatedChips.standard(InstantSource.system(), clock, 7);
        try (SimulatedBusProvider buses = new SimulatedBusProvider(chips)) {
            profile.buses().values().stream()
                    .filter(b -> b.kind().equals("i2c"))
                    .forEach(b -> buses.addI2cBus(b.name()));
            for (SensorConfig sensor : profile.enabledSensors()) {
                buses.populateDevice(sensor.toNode());
            }
            for (SensorConfig sensor : profile.enabledSensors()) {
                try (Sensor opened =
                        DRIVERS.find(sensor.compatible()).orElseThrow().open(sensor.toNode(), buses, clock)) {
                    clock.advance(Duration.ofSeconds(10)); // counters need time to count
                    Measurement m = opened.fetch();
                    assertThat(m.values()).as("%s of %s", sensor.id(), name).isNotEmpty();
                }
            }
        }
    }

    @Test
    void overlayExample_changesOnlyWhatItSays() throws Exception {
        Profile kit = LOADER.load("weather-station");
        Profile device = LOADER.load("overlay-example");

        assertThat(device.node().name()).contains("weather-07");
        assertThat(device.node().location()).contains("north field, mast 2");
        assertThat(sensor(device, "env0").interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(sensor(device, "wind0").interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(sensor(device, "power0").enabled()).isFalse();
        assertThat(sensor(device, "rain0")).isEqualTo(sensor(kit, "rain0"));
        assertThat(sensor(device, "env0").properties())
                .isEqualTo(sensor(kit, "env0").properties());
        assertThat(device.board()).isEqualTo(kit.board());
        assertThat(device.report()).isEqualTo(kit.report());
    }

    private static SensorConfig sensor(Profile profile, String id) {
        return profile.sensors().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    /** What a twin must keep: ids, drivers, addresses, intervals, status and pipelines. */
    private static Map<String, String> summary(Profile profile) {
        return profile.sensors().stream()
                .collect(Collectors.toMap(
                        SensorConfig::id,
                        s -> s.compatible() + " " + s.bus() + " " + s.address() + " " + s.interval() + " " + s.enabled()
                                + " " + s.pipeline()));
    }
}
