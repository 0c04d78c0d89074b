// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedCommandDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command-chip factories through ServiceLoader, on the standard simulated catalogue, as the runtime uses them. */
class CommandChipFactoriesTest {
    private final FakeSleeper sleeper = new FakeSleeper();
    private final InstantSource afternoon = InstantSource.fixed(Instant.parse("2026-07-14T15:00:00Z"));
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(afternoon, sleeper, 2026));

    static Stream<Arguments> chips() {
        return Stream.of(
                Arguments.of("sensirion,sht3x", 0x44, 0x45, new Channel[] {
                    Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY
                }),
                Arguments.of("sensirion,sht4x", 0x45, 0x44, new Channel[] {
                    Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY
                }),
                Arguments.of("rohm,bh1750", 0x23, 0x5C, new Channel[] {Channel.ILLUMINANCE}),
                Arguments.of("sensirion,scd4x", 0x62, 0x62, new Channel[] {
                    Channel.CO2, Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY
                }));
    }

    @AfterEach
    void noLeaks() {
        buses.assertNoOpenHandles();
    }

    @ParameterizedTest
    @MethodSource("chips")
    void serviceLoader_bindsTheCompatibleToOneFactory_declaringItsChannels(
            String compatible, int address, int otherAddress, Channel[] channels) {
        assertThat(factory(compatible).channels()).containsExactlyInAnyOrder(channels);
    }

    @ParameterizedTest
    @MethodSource("chips")
    void populatedSimulation_fetchesExactlyTheDeclaredChannels_withoutViolations(
            String compatible, int address, int otherAddress, Channel[] channels) throws Exception {
        SensorNode node = node(compatible, address);
        SimulatedCommandDevice chip = (SimulatedCommandDevice) buses.populate(node);

        try (Sensor sensor = factory(compatible).open(node, buses, sleeper)) {
            Measurement first = sensor.fetch();
            Measurement second = sensor.fetch();

            assertThat(first.values()).containsOnlyKeys(channels);
            assertThat(second.values()).containsOnlyKeys(channels);
            assertThat(sensor.info().channels()).containsExactlyInAnyOrder(channels);
            first.get(Channel.AMBIENT_TEMPERATURE).ifPresent(t -> assertThat(t).isBetween(26.0, 30.0));
            first.get(Channel.RELATIVE_HUMIDITY).ifPresent(rh -> assertThat(rh).isBetween(36.0, 45.0));
            first.get(Channel.ILLUMINANCE).ifPresent(lx -> assertThat(lx).isBetween(299.0, 301.0));
            first.get(Channel.CO2).ifPresent(ppm -> assertThat(ppm).isEqualTo(420.0));
        }
        assertThat(chip.violations()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("chips")
    void transientFault_isReportedAsTransient_andTheNextFetchRecovers(
            String compatible, int address, int otherAddress, Channel[] channels) throws Exception {
        SensorNode node = node(compatible, address);
        SimulatedCommandDevice chip = (SimulatedCommandDevice) buses.populate(node);

        try (Sensor sensor = factory(compatible).open(node, buses, sleeper)) {
            buses.i2cBus("i2c1").failNext(1, BusFault.NACK);

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(sensor.fetch().values()).containsOnlyKeys(channels);
        }
        assertThat(chip.violations()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("chips")
    void absentChip_isNotFound_andItsHandleIsClosed(
            String compatible, int address, int otherAddress, Channel[] channels) {
        buses.addI2cBus("i2c1");

        assertThatThrownBy(() -> factory(compatible).open(node(compatible, otherAddress), buses, sleeper))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("dev0");
    }

    @ParameterizedTest
    @MethodSource("chips")
    void closeTwice_isHarmless(String compatible, int address, int otherAddress, Channel[] channels) throws Exception {
        SensorNode node = node(compatible, address);
        buses.populate(node);
        Sensor sensor = factory(compatible).open(node, buses, sleeper);

        sensor.close();
        sensor.close();

        buses.assertNoOpenHandles();
    }

    @ParameterizedTest
    @MethodSource("chips")
    void addressTheChipCannotHave_isAProfileErrorNamingReg(
            String compatible, int address, int otherAddress, Channel[] channels) {
        buses.addI2cBus("i2c1");

        assertThatThrownBy(() -> factory(compatible).open(node(compatible, 0x10), buses, sleeper))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reg:");
    }

    private SensorNode node(String compatible, int address) {
        buses.addI2cBus("i2c1");
        return new SensorNode("dev0", compatible, "i2c1", address, Map.of());
    }

    private static SensorDriverFactory factory(String compatible) {
        return ServiceLoader.load(SensorDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.compatible().contains(compatible))
                .reduce((a, b) -> {
                    throw new AssertionError("two factories for " + compatible);
                })
                .orElseThrow(() -> new AssertionError("no factory for " + compatible));
    }
}
