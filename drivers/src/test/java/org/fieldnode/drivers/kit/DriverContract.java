// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;
import org.fieldnode.drivers.sim.SimulatedRegisterDevice;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The driver kit: the contract every I2C sensor driver keeps, run against its simulated chip. A driver's test
 * extends this class and supplies the factory, a profile node and a way to attach the simulated chip; the kit then
 * checks that
 *
 * <ul>
 *   <li>the factory is found by {@link ServiceLoader} and binds the node's {@code compatible};
 *   <li>every channel a fetch returns is declared by the factory and by the sensor's info, and carries the unit the
 *       quantity vocabulary (SENSORS.md) gives it;
 *   <li>{@code close()} is idempotent and releases the bus handle;
 *   <li>a transient fault at <em>any</em> transfer of a fetch is reported as a transient {@link DeviceException},
 *       and the next fetch (one sampling period later) succeeds;
 *   <li>a transient fault at any transfer of {@code open} makes it fail without leaking the handle;
 *   <li>a missing chip, at open or after it, is reported as {@link DeviceNotFoundException} or a permanent
 *       {@link BusException};
 *   <li>no bus handle leaks and the simulated chip records no datasheet-rule violation, in every scenario.
 * </ul>
 *
 * Every scenario builds its own {@link Rig} (virtual clock, simulated bus, chip), so scenarios are independent.
 * Drivers of chips that are not {@link SimulatedRegisterDevice}s override {@link #violations}; drivers whose bus
 * has other transient faults may override {@link #injectTransientFault}.
 *
 * <p>Drivers on other buses extend the sibling contract of their bus kind: {@link UartDriverContract},
 * {@link OneWireDriverContract}, {@link IioDriverContract}, {@link GpioDriverContract}.
 *
 * <p>Makers depend on it through the drivers test-jar ({@code <type>test-jar</type>}, test scope) plus JUnit
 * Jupiter and AssertJ.
 */
public abstract class DriverContract {
    /** A sampling period: the pause the runtime leaves between a failed fetch and the next one. */
    protected static final Duration SAMPLING_PERIOD = Duration.ofSeconds(1);

    /** The quantity vocabulary of SENSORS.md: quantity name → SenML unit. */
    static final Map<String, String> VOCABULARY = ContractChecks.VOCABULARY;

    /** The factory under test. */
    protected abstract SensorDriverFactory factory();

    /** A profile node the factory accepts, with the properties the test wants to exercise. */
    protected abstract SensorNode node();

    /**
     * Puts a simulated chip for {@link #node()} on its bus ({@code buses.i2cBus(node.bus())} is declared) and
     * returns it. The chip must keep time with {@code clock}, the sleeper the driver gets.
     */
    protected abstract SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock);

    /** Datasheet rules the chip recorded as broken. Override for chips that are not register devices. */
    protected List<String> violations(SimulatedI2cTarget chip) {
        if (chip instanceof SimulatedRegisterDevice device) {
            return device.violations();
        }
        return fail("%s is no SimulatedRegisterDevice: override violations(chip)", chip.getClass());
    }

    /** Lets {@code passing} transfers through, then makes the next one fail transiently (an I2C NACK). */
    protected void injectTransientFault(SimulatedBusProvider buses, SensorNode node, int passing) {
        buses.i2cBus(node.bus()).failAfter(passing, 1, BusFault.NACK);
    }

    /** Takes the chip off the bus, as an unplugged or unpowered board. */
    protected void makeAbsent(SimulatedBusProvider buses, SensorNode node) {
        buses.i2cBus(node.bus()).detach(node.address());
    }

    @Test
    void factory_isFoundByServiceLoader_andBindsTheNodesCompatible() {
        ContractChecks.foundByServiceLoader(factory(), node());
    }

    @Test
    void fetch_returnsOnlyDeclaredChannels_inVocabularyUnits() throws Exception {
        try (Rig rig = new Rig()) {
            try (Sensor sensor = rig.open()) {
                ContractChecks.declaredChannels(factory(), node(), sensor, sensor.fetch());
            }
        }
    }

    @Test
    void close_isIdempotent_andReleasesTheHandle() throws Exception {
        try (Rig rig = new Rig()) {
            Sensor sensor = rig.open();
            sensor.fetch();

            sensor.close();
            sensor.close();

            rig.bus().assertNoOpenHandles();
        }
    }

    @TestFactory
    Stream<DynamicTest> transientFault_inAnyTransferOfFetch_isTransient_andTheNextFetchRecovers() throws Exception {
        int transfers = countTransfers(true);
        assertThat(transfers).as("transfers in one fetch").isPositive();
        return IntStream.range(0, transfers)
                .mapToObj(k -> DynamicTest.dynamicTest("fault at transfer %d of %d".formatted(k + 1, transfers), () -> {
                    try (Rig rig = new Rig()) {
                        try (Sensor sensor = rig.open()) {
                            Set<Channel> expected = sensor.fetch().values().keySet();
                            injectTransientFault(rig.buses, node(), k);

                            DeviceException e = catchThrowableOfType(DeviceException.class, sensor::fetch);

                            assertThat(e)
                                    .as("fetch with a fault at transfer %d", k + 1)
                                    .isNotNull();
                            assertThat(e.isTransient()).as("%s is transient", e).isTrue();
                            assertThat(e.sensorId()).isEqualTo(node().id());
                            rig.clock.advance(SAMPLING_PERIOD);
                            assertThat(sensor.fetch().values().keySet()).isEqualTo(expected);
                        }
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> transientFault_inAnyTransferOfOpen_failsOpen_withoutLeakingTheHandle() throws Exception {
        int transfers = countTransfers(false);
        return IntStream.range(0, transfers)
                .mapToObj(k -> DynamicTest.dynamicTest("fault at transfer %d of %d".formatted(k + 1, transfers), () -> {
                    try (Rig rig = new Rig()) {
                        injectTransientFault(rig.buses, node(), k);

                        DeviceException e = catchThrowableOfType(
                                DeviceException.class,
                                () -> factory()
                                        .open(node(), rig.buses, rig.clock)
                                        .close());

                        assertThat(e)
                                .as("open with a fault at transfer %d", k + 1)
                                .isNotNull();
                        assertThat(e.isTransient()).as("%s is transient", e).isTrue();
                        rig.bus().assertNoOpenHandles();
                        rig.clock.advance(SAMPLING_PERIOD);
                        try (Sensor sensor = rig.open()) {
                            assertThat(sensor.fetch().values()).isNotEmpty();
                        }
                    }
                }));
    }

    @Test
    void missingChip_atOpen_isNotFound_andLeaksNoHandle() throws Exception {
        try (Rig rig = new Rig()) {
            makeAbsent(rig.buses, node());

            assertThatThrownBy(() -> factory().open(node(), rig.buses, rig.clock))
                    .isInstanceOfSatisfying(DeviceException.class, DriverContract::assertPermanentAbsence);
            rig.bus().assertNoOpenHandles();
        }
    }

    @Test
    void chipGone_afterOpen_isReportedAsPermanent() throws Exception {
        try (Rig rig = new Rig()) {
            try (Sensor sensor = rig.open()) {
                sensor.fetch();
                makeAbsent(rig.buses, node());

                assertThatThrownBy(sensor::fetch)
                        .isInstanceOfSatisfying(DeviceException.class, DriverContract::assertPermanentAbsence);
            }
        }
    }

    private static void assertPermanentAbsence(DeviceException e) {
        ContractChecks.assertPermanentAbsence(e);
    }

    /** Transfers of one open ({@code fetch} false) or of one fetch after a first one ({@code fetch} true). */
    private int countTransfers(boolean fetch) throws Exception {
        try (Rig rig = new Rig()) {
            long before = rig.bus().transferCount();
            try (Sensor sensor = rig.open()) {
                long opened = rig.bus().transferCount();
                if (!fetch) {
                    return Math.toIntExact(opened - before);
                }
                sensor.fetch();
                rig.clock.advance(SAMPLING_PERIOD);
                long warm = rig.bus().transferCount();
                sensor.fetch();
                return Math.toIntExact(rig.bus().transferCount() - warm);
            }
        }
    }

    /**
     * One scenario's hardware: a virtual clock, a simulated provider with the node's bus declared and the chip
     * attached. Closing it checks that no handle leaked and no datasheet rule was broken.
     */
    private final class Rig implements AutoCloseable {
        final FakeSleeper clock = new FakeSleeper(1L << 60);
        final SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
        final SimulatedI2cTarget chip;

        Rig() {
            buses.addI2cBus(node().bus());
            chip = attachChip(buses, node(), clock);
        }

        SimulatedI2cBus bus() {
            return buses.i2cBus(node().bus());
        }

        Sensor open() throws DeviceException {
            return factory().open(node(), buses, clock);
        }

        @Override
        public void close() {
            try {
                assertThat(violations(chip)).as("datasheet rules broken").isEmpty();
                bus().assertNoOpenHandles();
            } finally {
                buses.close();
            }
        }
    }
}
