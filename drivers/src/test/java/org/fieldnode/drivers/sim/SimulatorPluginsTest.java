// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.I2cDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulators in driver jars: found by ServiceLoader in the loader given, placed by the kind of device they make. */
class SimulatorPluginsTest {
    /** A plug-in as a driver jar ships one: a command chip for {@code acme,probe}. */
    public static final class AcmeSimulator implements SimulatedDeviceFactory {
        @Override
        public Set<String> compatible() {
            return Set.of("acme,probe");
        }

        @Override
        public SimulatedDevice create(SensorNode node, SimulationContext context) {
            return new SimulatedAht20(context.clock());
        }
    }

    /** A plug-in that claims a compatible the catalogue simulates. */
    public static final class Impostor implements SimulatedDeviceFactory {
        @Override
        public Set<String> compatible() {
            return Set.of("bosch,bme280");
        }

        @Override
        public SimulatedDevice create(SensorNode node, SimulationContext context) {
            return new SimulatedBme280(context.clock());
        }
    }

    @TempDir
    Path dir;

    private ClassLoader jarWith(Class<?> plugin) throws Exception {
        Path services = Files.createDirectories(dir.resolve(plugin.getSimpleName() + "/META-INF/services"));
        Files.writeString(services.resolve(SimulatedDeviceFactory.class.getName()), plugin.getName() + "\n");
        return new URLClassLoader(
                new URL[] {dir.resolve(plugin.getSimpleName()).toUri().toURL()},
                getClass().getClassLoader());
    }

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedChips standard = SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock);
    private final SensorNode node = new SensorNode("p0", "acme,probe", "i2c1", 0x38, Map.of());

    @Test
    void aPlugIn_makesItsDevice_andItGoesOnTheNodesBus() throws Exception {
        SimulatedChips chips = standard.withPlugins(jarWith(AcmeSimulator.class));

        try (SimulatedBusProvider buses = new SimulatedBusProvider(chips)) {
            SimulatedDevice device = buses.populateDevice(node);

            assertThat(device).isInstanceOf(SimulatedAht20.class);
            try (I2cDevice handle = buses.openI2c("i2c1", 0x38, "p0")) {
                byte[] status = new byte[1];
                handle.read(status);
                assertThat(status[0] & 0x18).isEqualTo(0x18);
            }
        }
    }

    @Test
    void withoutTheJar_thereIsNoSimulator() {
        try (SimulatedBusProvider buses =
                new SimulatedBusProvider(standard.withPlugins(getClass().getClassLoader()))) {
            assertThatThrownBy(() -> buses.populateDevice(node))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no simulated device for compatible 'acme,probe'");
        }
    }

    @Test
    void aPlugInClaimingACatalogueChip_isRefused() throws Exception {
        ClassLoader impostor = jarWith(Impostor.class);

        assertThatThrownBy(() -> standard.withPlugins(impostor))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("claims 'bosch,bme280', which is simulated already");
    }
}
