// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped profile loads, validates, and binds each sensor to a registered driver (Zephyr's build-all). */
class ShippedProfilesTest {
    private static final Path SOURCES = Path.of("src/main/resources/profiles");
    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    static List<String> shippedProfiles() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void index_listsExactlyTheShippedProfiles() throws IOException {
        assertThat(ProfileLoader.builtInProfiles()).containsExactlyInAnyOrderElementsOf(shippedProfiles());
    }

    @ParameterizedTest
    @MethodSource("shippedProfiles")
    void profile_validatesAndEverySensorHasADriver(String name) throws Exception {
        Profile profile = new ProfileLoader(DRIVERS.compatibles()).load(name);

        assertThat(profile.enabledSensors()).isNotEmpty();
        for (SensorConfig sensor : profile.sensors()) {
            assertThat(DRIVERS.find(sensor.compatible()))
                    .as("driver for %s in %s", sensor.compatible(), name)
                    .isPresent();
        }
    }
}
