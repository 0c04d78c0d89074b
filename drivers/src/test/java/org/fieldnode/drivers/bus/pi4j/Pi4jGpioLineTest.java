// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.EdgeCounter;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.GpioLine.Edge;
import org.fieldnode.drivers.bus.GpioLine.EdgeEvent;
import org.fieldnode.drivers.bus.GpioLine.Pull;
import org.fieldnode.drivers.sensor.fieldnode.pulsecounter.PulseCounterFactory;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Pi4jBusProvider}'s GPIO lines on Pi4J's mock digital providers: the Pi4J configuration a profile line
 * becomes (offset, bias, debounce in microseconds, initial level), edges from Pi4J reaching our listeners, outputs
 * driven, and every Pi4J I/O released on close. The mock has no debounce of its own; that Pi4J's gpiod provider
 * honours the value is shown on hardware ({@link Pi4jPulseCounterHardwareTest}).
 */
class Pi4jGpioLineTest {
    private final Pi4jBusProvider mock = Pi4jBusProvider.withProviders(
            BoardBuses.raspberryPi(), MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance());

    @AfterEach
    void closeProvider() {
        mock.close();
    }

    private MockDigitalInput onlyInput() {
        return (MockDigitalInput) mock.context().registry().allByType(DigitalInput.class).values().stream()
                .findFirst()
                .orElseThrow();
    }

    @Test
    void input_isConfiguredWithTheProfilesLineBiasAndDebounceInMicroseconds() throws Exception {
        try (GpioLine line = mock.openGpioInput("gpio", 17, Duration.ofMillis(5), Pull.PULL_UP, "rain0")) {
            DigitalInput input = onlyInput();

            assertThat(input.config().address()).isEqualTo(17);
            assertThat(input.config().pull()).isEqualTo(PullResistance.PULL_UP);
            assertThat(input.config().debounce()).isEqualTo(5_000L);
            assertThat(input.name()).isEqualTo("rain0");
            assertThat(input.provider().id()).isEqualTo(MockDigitalInputProvider.ID);
            assertThat(line.offset()).isEqualTo(17);
        }
    }

    @Test
    void input_withoutBias_isRequestedWithPullOff_andSubMicrosecondDebounceRoundsDown() throws Exception {
        try (GpioLine line = mock.openGpioInput("gpio", 4, Duration.ofNanos(2_999), "wind0")) {
            assertThat(onlyInput().config().pull()).isEqualTo(PullResistance.OFF);
            assertThat(onlyInput().config().debounce()).isEqualTo(2L);
        }
        try (GpioLine line = mock.openGpioInput("gpio", 5, Duration.ofMillis(1), Pull.PULL_DOWN, "flow0")) {
            assertThat(onlyInput().config().pull()).isEqualTo(PullResistance.PULL_DOWN);
        }
    }

    @Test
    void levelChanges_reachListenersAsEdges_inOrder_withMonotonicTimestamps() throws Exception {
        try (GpioLine line = mock.openGpioInput("gpio", 17, Duration.ofMillis(5), Pull.PULL_UP, "rain0")) {
            List<EdgeEvent> seen = new ArrayList<>();
            line.addListener(seen::add);
            MockDigitalInput input = onlyInput();
            long before = System.nanoTime();

            input.mockState(DigitalState.HIGH);
            input.mockState(DigitalState.LOW);
            input.mockState(DigitalState.LOW); // no change, no event
            input.mockState(DigitalState.HIGH);

            assertThat(seen).extracting(EdgeEvent::edge).containsExactly(Edge.RISING, Edge.FALLING, Edge.RISING);
            assertThat(seen)
                    .extracting(EdgeEvent::monotonicNanos)
                    .isSorted()
                    .allSatisfy(
                            t -> assertThat(t).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(System.nanoTime()));
            assertThat(line.isHigh()).isTrue();
        }
    }

    @Test
    void anEdgeCounter_onAPi4jLine_countsOneDirection() throws Exception {
        GpioLine line = mock.openGpioInput("gpio", 17, Duration.ofMillis(5), Pull.PULL_UP, "rain0");
        MockDigitalInput input = onlyInput();
        input.mockState(DigitalState.HIGH);
        try (EdgeCounter counter = new EdgeCounter(line, Edge.FALLING)) {
            for (int tip = 0; tip < 3; tip++) {
                input.mockState(DigitalState.LOW);
                input.mockState(DigitalState.HIGH);
            }

            assertThat(counter.count()).isEqualTo(3);
        }
        assertThat(mock.context().registry().all()).isEmpty();
    }

    @Test
    void thePulseCounterDriver_countsPi4jEdges(@TempDir Path state) throws Exception {
        SensorNode node = new SensorNode(
                "rain0",
                PulseCounterFactory.COMPATIBLE,
                "gpio",
                17,
                Map.of("mm-per-pulse", "0.2794", "state-dir", state.toString()));
        FakeSleeper clock = new FakeSleeper();
        try (Sensor sensor = new PulseCounterFactory().open(node, mock, clock)) {
            MockDigitalInput input = onlyInput();
            assertThat(input.config().pull()).isEqualTo(PullResistance.PULL_UP);
            assertThat(input.config().debounce()).isEqualTo(5_000L);
            input.mockState(DigitalState.HIGH);
            input.mockState(DigitalState.LOW);
            input.mockState(DigitalState.HIGH);
            input.mockState(DigitalState.LOW);
            clock.advance(Duration.ofMinutes(1));

            Measurement m = sensor.fetch();

            assertThat(m.get(org.fieldnode.drivers.api.Channel.COUNT)).hasValue(2.0);
            assertThat(m.get(org.fieldnode.drivers.api.Channel.RAIN)).hasValue(2 * 0.2794);
        }
        assertThat(mock.context().registry().all()).isEmpty();
        assertThat(mock.openHandleCount()).isZero();
    }

    @Test
    void output_startsAtItsInitialLevel_andIsDriven() throws Exception {
        try (GpioLine line = mock.openGpioOutput("gpio", 22, true, "pump0")) {
            DigitalOutput output = mock.context().registry().allByType(DigitalOutput.class).values().stream()
                    .findFirst()
                    .orElseThrow();
            assertThat(output.config().address()).isEqualTo(22);
            assertThat(output.config().initialState()).isEqualTo(DigitalState.HIGH);
            assertThat(line.isHigh()).isTrue();

            line.setHigh(false);
            assertThat(output.state()).isEqualTo(DigitalState.LOW);
            assertThat(line.isHigh()).isFalse();
            line.setHigh(true);
            assertThat(output.state()).isEqualTo(DigitalState.HIGH);

            assertThatThrownBy(() -> line.addListener(e -> {})).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anInput_cannotBeDriven() throws Exception {
        try (GpioLine line = mock.openGpioInput("gpio", 17, Duration.ZERO, "rain0")) {
            assertThatThrownBy(() -> line.setHigh(true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is an input");
        }
    }

    @Test
    void close_isIdempotent_releasesThePi4jIo_stopsEvents_andTheLineCanBeReopened() throws Exception {
        GpioLine line = mock.openGpioInput("gpio", 17, Duration.ofMillis(5), Pull.PULL_UP, "rain0");
        List<EdgeEvent> seen = new ArrayList<>();
        line.addListener(seen::add);
        MockDigitalInput input = onlyInput();

        line.close();
        line.close();
        input.mockState(DigitalState.HIGH);

        assertThat(seen).isEmpty();
        assertThat(mock.context().registry().all()).isEmpty();
        assertThat(mock.openHandleCount()).isZero();
        assertThatThrownBy(line::isHigh).isInstanceOf(IllegalStateException.class);
        try (GpioLine again = mock.openGpioInput("gpio", 17, Duration.ofMillis(5), Pull.PULL_UP, "rain0")) {
            assertThat(mock.context().registry().all()).hasSize(1);
        }
        GpioLine output = mock.openGpioOutput("gpio", 22, false, "pump0");
        output.close();
        output.close();
        assertThat(mock.context().registry().all()).isEmpty();
    }

    @Test
    void closingTheProvider_releasesLinesLeftOpen() throws Exception {
        mock.openGpioInput("gpio", 17, Duration.ofMillis(5), Pull.PULL_UP, "rain0");
        mock.openGpioOutput("gpio", 22, false, "pump0");

        mock.close();

        assertThat(mock.context().registry().all()).isEmpty();
        assertThat(mock.openHandleCount()).isZero();
    }

    @Test
    void unknownGpioBus_orNegativeLine_isAProfileError_andOpensNothing() {
        assertThatThrownBy(() -> mock.openGpioInput("header", 17, Duration.ZERO, "rain0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bus 'header': no GPIO bus of that name");
        assertThatThrownBy(() -> mock.openGpioOutput("i2c1", 17, false, "pump0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bus 'i2c1': no GPIO bus of that name; it is an I2C bus");
        assertThatThrownBy(() -> mock.openGpioInput("gpio", -1, Duration.ZERO, "rain0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reg: not a GPIO line offset: -1");
        assertThat(mock.openHandleCount()).isZero();
        assertThat(mock.context().registry().all()).isEmpty();
    }

    @Test
    void withoutALabelledGpioChip_openingALine_isDeviceNotFound(@TempDir Path emptySys) {
        try (Pi4jBusProvider real = Pi4jBusProvider.open(BoardBuses.raspberryPi(), new GpioChipLocator(emptySys))) {
            assertThatThrownBy(() -> real.openGpioInput("gpio", 17, Duration.ZERO, Pull.PULL_UP, "rain0"))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessage("rain0: no GPIO controller labelled [pinctrl-rp1, pinctrl-bcm2711, pinctrl-bcm2835]"
                            + " on this machine, so no line 17 on gpio");
            assertThat(real.openHandleCount()).isZero();
        }
    }

    @Test
    void aGpioBusWithItsOwnChipLabel_rejectsAControllerOfAnotherLabel(@TempDir Path sys) throws Exception {
        java.nio.file.Path chip = java.nio.file.Files.createDirectories(sys.resolve("sys/bus/gpio/devices/gpiochip0"));
        java.nio.file.Files.writeString(chip.resolve("label"), "pinctrl-bcm2711\n");
        BoardBuses board = BoardBuses.builder()
                .gpio("header")
                .gpio("hat", List.of("pinctrl-rp1"))
                .build();
        assertThat(board.gpioChipLabels()).startsWith("pinctrl-rp1");

        try (Pi4jBusProvider real = Pi4jBusProvider.open(board, new GpioChipLocator(sys))) {
            assertThat(real.gpioChip())
                    .hasValueSatisfying(c -> assertThat(c.label()).isEqualTo("pinctrl-bcm2711"));
            assertThatThrownBy(() -> real.openGpioInput("hat", 17, Duration.ZERO, "rain0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bus 'hat': chip-label [pinctrl-rp1], but the board's GPIO controller is gpiochip0"
                            + " (pinctrl-bcm2711)");
            assertThat(real.openHandleCount()).isZero();
        }
    }
}
