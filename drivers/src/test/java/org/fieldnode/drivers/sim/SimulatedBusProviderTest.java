// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.RegisterBus;
import org.junit.jupiter.api.Test;

class SimulatedBusProviderTest {
    private static final SensorNode ENV0 = new SensorNode("env0", "bosch,bme280", "i2c1", 0x76, Map.of());

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedChips chips =
            SimulatedChips.standard(InstantSource.fixed(Instant.parse("2026-06-01T12:00:00Z")), clock, 42);
    private final SimulatedBusProvider provider = new SimulatedBusProvider(chips);

    @Test
    void populate_attachesTheCataloguedChipAtTheNodesAddress() throws Exception {
        provider.addI2cBus("i2c1");

        SimulatedI2cTarget chip = provider.populate(ENV0);

        assertThat(chip).isInstanceOf(SimulatedBme280.class);
        try (RegisterBus handle = provider.openI2cRegisters("i2c1", 0x76, "env0")) {
            assertThat(handle.readByte(0xD0)).isEqualTo(0x60);
        }
        provider.assertNoOpenHandles();
    }

    @Test
    void unknownBusName_isAnIllegalArgument() {
        provider.addI2cBus("i2c1");

        assertThatThrownBy(() -> provider.openI2cRegisters("i2c7", 0x76, "env0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("i2c7");
        assertThatThrownBy(() -> provider.attach("i2c7", 0x76, new SimulatedBme280(clock)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.populate(new SensorNode("env1", "bosch,bme280", "i2c7", 0x76, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("i2c7");
    }

    @Test
    void unknownCompatible_isAnIllegalArgumentNamingIt() {
        provider.addI2cBus("i2c1");

        assertThatThrownBy(() -> provider.populate(new SensorNode("lux0", "acme,unknown", "i2c1", 0x23, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme,unknown");
    }

    @Test
    void chipsCatalogue_canBeExtended() {
        SimulatedChips extended = chips.with("acme,thing", node -> new SimulatedBme280(clock));

        assertThat(extended.compatibles())
                .contains("bosch,bme280", "acme,thing")
                .containsAll(chips.compatibles())
                .hasSize(chips.compatibles().size() + 1);
        assertThat(chips.supports("acme,thing")).isFalse();
    }

    @Test
    void populatedWith_declaresBusesAndChips() throws Exception {
        SensorNode env1 = new SensorNode("env1", "bosch,bme280", "i2c3", 0x77, Map.of());

        try (SimulatedBusProvider populated = SimulatedBusProvider.populatedWith(chips, List.of(ENV0, env1))) {
            assertThat(populated.i2cBus("i2c1").attachedAddresses()).containsExactly(0x76);
            assertThat(populated.i2cBus("i2c3").attachedAddresses()).containsExactly(0x77);
        }
    }

    @Test
    void close_releasesHandlesLeftOpen() {
        provider.addI2cBus("i2c1");
        provider.openI2cRegisters("i2c1", 0x76, "env0");
        assertThatThrownBy(provider::assertNoOpenHandles).isInstanceOf(AssertionError.class);

        provider.close();

        provider.assertNoOpenHandles();
    }
}
