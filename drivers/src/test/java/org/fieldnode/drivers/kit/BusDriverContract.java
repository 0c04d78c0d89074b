// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedDevice;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The driver kit for devices on the buses other than I2C, run against the driver's simulated device: the same
 * properties as {@link DriverContract}, with the faults of the bus kind. A driver's test extends the contract of
 * its bus ({@link UartDriverContract}, {@link OneWireDriverContract}, {@link IioDriverContract},
 * {@link GpioDriverContract}) and supplies the factory, a profile node and its simulated device; the kit checks that
 *
 * <ul>
 *   <li>the factory is found by {@code ServiceLoader} and binds the node's {@code compatible};
 *   <li>every channel a fetch returns is declared by the factory and by the sensor's info, in the vocabulary's unit;
 *   <li>{@code close()} is idempotent and releases the bus handle;
 *   <li>each of the bus's {@link #transientFaults() transient faults}, lasting one whole fetch, is reported as a
 *       transient {@link DeviceException} for the node's sensor, and the next fetch, one sampling period later,
 *       returns the same channels;
 *   <li>the same fault during {@code open} fails it (transiently, or as not found when it silenced the identity
 *       probe) or is met by the first fetch, leaks no handle, and the next attempt reads;
 *   <li>a {@link #makeMissing missing device} at open is reported as {@link DeviceNotFoundException} or a permanent
 *       {@link org.fieldnode.drivers.api.BusException}, leaking no handle;
 *   <li>a device that {@link #makeGone goes away} after open is handled as the bus allows ({@link Absence}), and
 *       once it is back a re-opened sensor reads again;
 *   <li>in every scenario, no handle leaks and the simulated device records no violation.
 * </ul>
 *
 * Fetches in the kit are one {@link #SAMPLING_PERIOD} apart on the virtual clock, as the runtime spaces them.
 *
 * @param <D> the simulated device type of the bus kind
 */
public abstract class BusDriverContract<D extends SimulatedDevice> {
    /** A sampling period: the pause the runtime leaves between fetches. */
    protected static final Duration SAMPLING_PERIOD = Duration.ofSeconds(1);

    /** How a bus shows a device that went away after the sensor was opened. */
    public enum Absence {
        /** The next fetch fails permanently (not found, or a permanent bus error): 1-Wire, IIO. */
        REPORTED,
        /**
         * The next fetch fails, transiently: the bus cannot tell a device gone from one answer lost (UART). The
         * runtime re-opens the sensor after a few transient faults, and that re-open must report it permanently.
         */
        SILENT_UNTIL_REOPEN,
        /** Nothing fails: the device cannot be told from a quiet one (a cut wire on a GPIO pulse input). */
        UNDETECTABLE
    }

    /**
     * A fault of the bus kind: {@code inject} makes the device's answers fail until {@code clear} (or, for
     * devices with one answer per fetch, for the next answer).
     */
    public record TransientFault<D>(String name, Consumer<D> inject, Consumer<D> clear) {
        public TransientFault {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(inject, "inject");
            Objects.requireNonNull(clear, "clear");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The factory under test. */
    protected abstract SensorDriverFactory factory();

    /** A profile node the factory accepts, with the properties the test wants to exercise. */
    protected abstract SensorNode node();

    /** A new simulated device for {@code node}, keeping time with {@code clock} (the sleeper the driver gets). */
    protected abstract D newDevice(SensorNode node, FakeSleeper clock);

    /** Puts {@code device} where {@code node} says, on {@code buses}. Implemented by the bus kind's contract. */
    protected abstract void attach(SimulatedBusProvider buses, SensorNode node, D device);

    /** The bus kind's transient faults. Implemented by the bus kind's contract; a driver may narrow it. */
    protected abstract List<TransientFault<D>> transientFaults();

    /** Makes the device missing before open, as an unplugged or unpowered one is. */
    protected abstract void makeMissing(SimulatedBusProvider buses, SensorNode node, D device);

    /** Takes the device away after open. Defaults to {@link #makeMissing}. */
    protected void makeGone(SimulatedBusProvider buses, SensorNode node, D device) {
        makeMissing(buses, node, device);
    }

    /** Undoes {@link #makeMissing} and {@link #makeGone}: the device is back as after power-up. */
    protected abstract void restore(SimulatedBusProvider buses, SensorNode node, D device);

    /** How the bus shows a device gone after open. */
    protected abstract Absence absenceAfterOpen();

    /** Rules of the bus itself that the driver broke (a Modbus line's silent interval); none by default. */
    protected List<String> lineViolations() {
        return List.of();
    }

    @Test
    void factory_isFoundByServiceLoader_andBindsTheNodesCompatible() {
        ContractChecks.foundByServiceLoader(factory(), node());
    }

    @Test
    void fetch_returnsOnlyDeclaredChannels_inVocabularyUnits() throws Exception {
        try (Rig rig = new Rig()) {
            try (Sensor sensor = rig.open()) {
                ContractChecks.declaredChannels(factory(), node(), sensor, rig.fetch(sensor));
            }
        }
    }

    @Test
    void close_isIdempotent_andReleasesTheHandle() throws Exception {
        try (Rig rig = new Rig()) {
            Sensor sensor = rig.open();
            rig.fetch(sensor);

            sensor.close();
            sensor.close();

            rig.buses.assertNoOpenHandles();
        }
    }

    @TestFactory
    Stream<DynamicTest> transientFault_duringAFetch_isTransient_andTheNextFetchRecovers() {
        return transientFaults().stream()
                .map(fault -> DynamicTest.dynamicTest(fault.name(), () -> {
                    try (Rig rig = new Rig()) {
                        try (Sensor sensor = rig.open()) {
                            Set<Channel> expected = rig.fetch(sensor).values().keySet();
                            fault.inject().accept(rig.device);

                            DeviceException e = catchThrowableOfType(DeviceException.class, () -> rig.fetch(sensor));

                            ContractChecks.assertTransient(e, node(), "from a fetch with " + fault);
                            fault.clear().accept(rig.device);
                            assertThat(rig.fetch(sensor).values().keySet())
                                    .as("the fetch after the fault")
                                    .isEqualTo(expected);
                        }
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> transientFault_duringOpen_leaksNothing_andTheNextAttemptReads() {
        return transientFaults().stream()
                .map(fault -> DynamicTest.dynamicTest(fault.name(), () -> {
                    try (Rig rig = new Rig()) {
                        fault.inject().accept(rig.device);

                        DeviceException e = catchThrowableOfType(DeviceException.class, () -> {
                            try (Sensor sensor = rig.open()) {
                                rig.fetch(sensor);
                            }
                        });

                        if (e != null && !(e instanceof DeviceNotFoundException)) {
                            ContractChecks.assertTransient(e, node(), "from open and fetch with " + fault);
                        }
                        rig.buses.assertNoOpenHandles();
                        fault.clear().accept(rig.device);
                        try (Sensor sensor = rig.open()) {
                            assertThat(rig.fetch(sensor).values()).isNotEmpty();
                        }
                    }
                }));
    }

    @Test
    void missingDevice_atOpen_isNotFound_andLeaksNoHandle() throws Exception {
        try (Rig rig = new Rig()) {
            makeMissing(rig.buses, node(), rig.device);

            assertThatThrownBy(rig::open)
                    .isInstanceOfSatisfying(DeviceException.class, ContractChecks::assertPermanentAbsence);
            restore(rig.buses, node(), rig.device);
            rig.buses.assertNoOpenHandles();
        }
    }

    @Test
    void deviceGone_afterOpen_isHandledAsTheBusAllows_andReadsAgainOnceBack() throws Exception {
        try (Rig rig = new Rig()) {
            Sensor sensor = rig.open();
            try {
                rig.fetch(sensor);
                makeGone(rig.buses, node(), rig.device);
                switch (absenceAfterOpen()) {
                    case REPORTED ->
                        assertThatThrownBy(() -> rig.fetch(sensor))
                                .isInstanceOfSatisfying(DeviceException.class, ContractChecks::assertPermanentAbsence);
                    case SILENT_UNTIL_REOPEN -> {
                        assertThatThrownBy(() -> rig.fetch(sensor))
                                .isInstanceOfSatisfying(
                                        DeviceException.class,
                                        e -> assertThat(e.sensorId()).isEqualTo(node().id()));
                        sensor.close();
                        rig.clock.advance(SAMPLING_PERIOD);
                        assertThatThrownBy(rig::open)
                                .as("re-opening a sensor whose device is gone")
                                .isInstanceOfSatisfying(DeviceException.class, ContractChecks::assertPermanentAbsence);
                        rig.buses.assertNoOpenHandles();
                    }
                    case UNDETECTABLE ->
                        assertThat(factory().channels())
                                .as("channels of a fetch while the device is gone")
                                .containsAll(rig.fetch(sensor).values().keySet());
                }
            } finally {
                sensor.close();
            }
            restore(rig.buses, node(), rig.device);
            try (Sensor again = rig.open()) {
                assertThat(rig.fetch(again).values())
                        .as("a fetch once the device is back")
                        .isNotEmpty();
            }
        }
    }

    /**
     * One scenario's hardware: a virtual clock, a simulated provider with the device on its bus. Closing it checks
     * that no handle leaked and no datasheet rule was broken.
     */
    protected final class Rig implements AutoCloseable {
        final FakeSleeper clock = new FakeSleeper(1L << 60);
        final SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
        final D device;

        Rig() {
            device = newDevice(node(), clock);
            attach(buses, node(), device);
        }

        Sensor open() throws DeviceException {
            return factory().open(node(), buses, clock);
        }

        /** One sampling period later, a fetch. */
        Measurement fetch(Sensor sensor) throws DeviceException {
            clock.advance(SAMPLING_PERIOD);
            return sensor.fetch();
        }

        @Override
        public void close() {
            try {
                assertThat(device.violations()).as("datasheet rules broken").isEmpty();
                assertThat(lineViolations()).as("bus rules broken").isEmpty();
                buses.assertNoOpenHandles();
            } finally {
                buses.close();
            }
        }
    }
}
