// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedGpioChip;
import org.fieldnode.drivers.sim.SimulatedGpioLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PulseCounterTest {
    private static final String CHIP = "pinctrl-bcm2711";

    @TempDir
    Path state;

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedChips chips = SimulatedChips.standard(() -> new Conditions(20, 50, 101_325), clock);
    private SimulatedBusProvider provider = new SimulatedBusProvider(chips);

    @AfterEach
    void hygiene() {
        provider.assertNoOpenHandles();
    }

    private SensorNode node(String id, Map<String, String> scale) {
        Map<String, String> properties = new java.util.HashMap<>(scale);
        properties.put("state-dir", state.toString());
        return new SensorNode(id, "fieldnode,pulse-counter", CHIP, 17, properties);
    }

    private Sensor open(SensorNode node) throws Exception {
        return new PulseCounterFactory().open(node, provider, clock);
    }

    private SimulatedGpioLine line() {
        return provider.otherBuses().addGpioChip(CHIP).line(17);
    }

    @Test
    void rainGauge_reportsMillimetresPerIntervalAndTheRunningTotal() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node("rain0", Map.of("mm-per-pulse", "0.2794")))) {
            line().pulses(5, Duration.ofSeconds(2));
            clock.advance(Duration.ofMinutes(1));
            Measurement first = rain.fetch();
            assertThat(first.get(Channel.RAIN).getAsDouble()).isCloseTo(1.397, within(1e-9));
            assertThat(first.get(Channel.COUNT)).hasValue(5.0);

            line().pulses(2, Duration.ofSeconds(2));
            Measurement second = rain.fetch();
            assertThat(second.get(Channel.RAIN).getAsDouble()).isCloseTo(0.5588, within(1e-9));
            assertThat(second.get(Channel.COUNT)).hasValue(7.0);
            assertThat(second.get(Channel.RAIN_TOTAL)).isEmpty(); // only with total: true
            assertThat(rain.fetch().get(Channel.RAIN)).hasValue(0.0);
        }
    }

    /** Issue 21: with {@code total: true} the accumulation since installation goes too, in metres (a SenML sum). */
    @Test
    void rainGauge_withTotal_reportsTheAccumulationInMetres() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node("rain0", Map.of("mm-per-pulse", "0.2794", "total", "true")))) {
            line().pulses(5, Duration.ofSeconds(2));
            clock.advance(Duration.ofMinutes(1));
            Measurement first = rain.fetch();

            assertThat(first.get(Channel.RAIN_TOTAL).getAsDouble()).isCloseTo(0.001397, within(1e-12));
            assertThat(first.get(Channel.COUNT)).hasValue(5.0);
        }
    }

    @Test
    void countsSurviveARestart() throws Exception {
        SensorNode node = node("rain0", Map.of("mm-per-pulse", "0.2"));
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node)) {
            line().pulses(10, Duration.ofMillis(500));
            assertThat(rain.fetch().get(Channel.COUNT)).hasValue(10.0);
            line().pulses(3, Duration.ofMillis(500)); // counted after the last fetch: saved at close
        }
        assertThat(Files.size(state.resolve("rain0.count"))).isEqualTo(CountStore.SIZE);
        assertThat(state.resolve("rain0.count.tmp")).doesNotExist();

        // A restart: a new process, new buses, the same state directory.
        provider = new SimulatedBusProvider(chips);
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node)) {
            line().pulses(4, Duration.ofMillis(500));
            Measurement m = rain.fetch();
            assertThat(m.get(Channel.COUNT)).hasValue(17.0);
            assertThat(m.get(Channel.RAIN).getAsDouble()).isCloseTo(0.8, within(1e-9));
        }
    }

    @Test
    void debounce_dropsContactBounce() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        line().setBounce(4, Duration.ofMillis(2));
        try (Sensor rain = open(node("rain0", Map.of("mm-per-pulse", "1", "debounce", "5ms")))) {
            line().pulses(6, Duration.ofMillis(100));
            assertThat(rain.fetch().get(Channel.COUNT)).hasValue(6.0);
        }
        line().setBounce(4, Duration.ofMillis(2));
        try (Sensor raw = open(node("raw0", Map.of("mm-per-pulse", "1", "debounce", "0ms")))) {
            line().pulses(6, Duration.ofMillis(100));
            assertThat(raw.fetch().get(Channel.COUNT).getAsDouble()).isGreaterThan(6.0);
        }
    }

    @Test
    void anemometer_reportsMetresPerSecondFromTheRate() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor wind = open(node("wind0", Map.of("ms-per-hz", "0.667")))) {
            line().setRate(3.0);
            clock.advance(Duration.ofSeconds(10));
            assertThat(wind.fetch().get(Channel.WIND_SPEED).getAsDouble()).isCloseTo(2.001, within(1e-9));
        }
    }

    @Test
    void flowMeter_reportsLitresPerSecond() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor flow = open(node("flow0", Map.of("litres-per-pulse", "0.0022222")))) {
            line().pulses(450, Duration.ofMillis(100));
            clock.advance(Duration.ofSeconds(60));
            assertThat(flow.fetch().get(Channel.FLOW).getAsDouble()).isCloseTo(450 * 0.0022222 / 60, within(1e-9));
        }
    }

    @Test
    void aCutWire_countsNothing_untilReconnected() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node("rain0", Map.of("mm-per-pulse", "1")))) {
            line().disconnect();
            line().pulses(3, Duration.ofMillis(200));
            assertThat(rain.fetch().get(Channel.RAIN)).hasValue(0.0);
            line().reconnect();
            line().pulses(3, Duration.ofMillis(200));
            assertThat(rain.fetch().get(Channel.RAIN)).hasValue(3.0);
        }
    }

    @Test
    void damagedStateFile_countsFromZero(@TempDir Path other) throws Exception {
        Files.write(state.resolve("rain0.count"), new byte[] {1, 2, 3});
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node("rain0", Map.of("mm-per-pulse", "1")))) {
            line().pulses(1, Duration.ofMillis(200));
            assertThat(rain.fetch().get(Channel.COUNT)).hasValue(1.0);
        }
        CountStore store = new CountStore(other, "x");
        store.save(Long.MAX_VALUE);
        assertThat(store.load()).isEqualTo(Long.MAX_VALUE);
        byte[] bytes = Files.readAllBytes(store.file());
        bytes[8] ^= 1;
        Files.write(store.file(), bytes);
        assertThat(store.load()).isZero();
    }

    @Test
    void theLineIsHeldOnce_andReleasedAtClose() throws Exception {
        provider.otherBuses().addGpioChip(CHIP);
        try (Sensor rain = open(node("rain0", Map.of("mm-per-pulse", "1")))) {
            assertThatThrownBy(() -> open(node("rain1", Map.of("mm-per-pulse", "1"))))
                    .isInstanceOf(BusException.class)
                    .hasMessageContaining("busy");
            rain.close();
            rain.close();
        }
        SimulatedGpioChip chip = provider.otherBuses().gpioChip(CHIP);
        assertThat(chip.openHandleCount()).isZero();
    }

    @Test
    void properties_needExactlyOneScale() {
        assertThatThrownBy(() -> PulseCounterSettings.fromProperties(Map.of())).hasMessageContaining("mm-per-pulse");
        assertThatThrownBy(() -> PulseCounterSettings.fromProperties(Map.of("mm-per-pulse", "1", "ms-per-hz", "1")))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> PulseCounterSettings.fromProperties(Map.of("mm-per-pulse", "-1")))
                .hasMessageContaining("properties.mm-per-pulse");
        assertThatThrownBy(() -> PulseCounterSettings.fromProperties(Map.of("mm-per-pulse", "1", "edge", "both")))
                .hasMessageContaining("properties.edge");
    }

    @Test
    void catalogue_simulatesASteadyRate() throws Exception {
        SensorNode node = new SensorNode(
                "wind0",
                "fieldnode,pulse-counter",
                CHIP,
                5,
                Map.of("ms-per-hz", "1", "simulated-hz", "4", "state-dir", state.toString()));
        provider.populateDevice(node);
        try (Sensor wind = open(node)) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(wind.fetch().get(Channel.WIND_SPEED).getAsDouble()).isCloseTo(4.0, within(0.05));
        }
    }
}
