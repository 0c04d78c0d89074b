// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.UartPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedOtherBusesTest {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedChips chips = SimulatedChips.standard(() -> new Conditions(18.5, 60, 100_900), clock);

    @TempDir
    java.nio.file.Path state;

    private List<SensorNode> node0s() {
        return List.of(
                new SensorNode("air0", "plantower,pms5003", "serial0", 0, Map.of("spin-up", "1s")),
                new SensorNode("air1", "nova,sds011", "ttyUSB0", 0, Map.of()),
                new SensorNode("level0", "dfrobot,a02yyuw", "ttyAMA1", 0, Map.of("mount-height-m", "3")),
                new SensorNode("soil0", "maxim,ds18b20", "w1", 0, Map.of("rom", "28-0316a2797eff")),
                new SensorNode("soil1", "maxim,ds18b20", "w1", 0, Map.of("rom", "28-0316a2797f00")),
                new SensorNode("th0", "aosong,dht22", "iio", 0, Map.of()),
                new SensorNode(
                        "rain0",
                        "fieldnode,pulse-counter",
                        "pinctrl-bcm2711",
                        6,
                        Map.of("mm-per-pulse", "0.2794", "state-dir", state.toString())),
                new SensorNode("env0", "bosch,bme280", "i2c1", 0x76, Map.of()));
    }

    @Test
    void everyStandardDevice_isFoundByServiceLoader_opensAndFetchesWithoutViolations() throws Exception {
        Map<String, SensorDriverFactory> factories = ServiceLoader.load(SensorDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .flatMap(f -> f.compatible().stream().map(c -> Map.entry(c, f)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(factories.keySet()).containsAll(chips.deviceCompatibles());

        List<SensorNode> nodes = node0s();
        try (SimulatedBusProvider provider = SimulatedBusProvider.populatedWith(chips, nodes)) {
            List<SimulatedDevice> devices = new ArrayList<>();
            for (SensorNode node : nodes) {
                SensorDriverFactory factory = factories.get(node.compatible());
                try (Sensor sensor = factory.open(node, provider, clock)) {
                    clock.advance(Duration.ofSeconds(10));
                    var values = sensor.fetch().values();
                    assertThat(values.keySet())
                            .as(node.id())
                            .isEqualTo(sensor.info().channels());
                    assertThat(factory.channels()).containsAll(sensor.info().channels());
                }
            }
            provider.assertNoOpenHandles();
            devices.add(provider.otherBuses().uart("serial0").device());
            devices.add(provider.otherBuses().uart("ttyUSB0").device());
            devices.add(provider.otherBuses().uart("ttyAMA1").device());
            for (SimulatedDevice device : devices) {
                assertThat(device.violations()).isEmpty();
            }
            assertThat(provider.otherBuses().oneWireLine("w1").ids())
                    .containsExactly("28-0316a2797eff", "28-0316a2797f00");
        }
    }

    @Test
    void standardCatalogue_ds18b20FollowsTheEnvironment() throws Exception {
        try (SimulatedBusProvider provider = SimulatedBusProvider.populatedWith(chips, node0s())) {
            try (Sensor soil = ServiceLoader.load(SensorDriverFactory.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(f -> f.compatible().contains("maxim,ds18b20"))
                    .findFirst()
                    .orElseThrow()
                    .open(node0s().get(3), provider, clock)) {
                assertThat(soil.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(18.5);
            }
        }
    }

    @Test
    void unknownBusesAndCompatibles_areIllegalArguments() {
        try (SimulatedBusProvider provider = new SimulatedBusProvider(chips)) {
            assertThatThrownBy(() -> provider.openUart("serial7", "x")).hasMessageContaining("serial7");
            assertThatThrownBy(() -> provider.openOneWire("w9", "x")).hasMessageContaining("w9");
            assertThatThrownBy(() -> provider.openIio("iio9", "dht11", "x")).hasMessageContaining("iio9");
            assertThatThrownBy(() -> provider.openGpioInput("chip9", 1, Duration.ZERO, "x"))
                    .hasMessageContaining("chip9");
            assertThatThrownBy(() -> provider.populateDevice(new SensorNode("x", "acme,none", "b", 0, Map.of())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("acme,none");
        }
    }

    @Test
    void theDefaultBusProvider_hasNoOtherBuses() {
        BusProvider i2cOnly = new BusProvider() {
            @Override
            public org.fieldnode.drivers.bus.RegisterBus openI2cRegisters(String bus, int address, String id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.fieldnode.drivers.bus.I2cDevice openI2c(String bus, int address, String id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> i2cOnly.openUart("serial0", "air0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serial0");
        assertThatThrownBy(() -> i2cOnly.openGpioOutput("c", 1, false, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void close_releasesHandlesOfEveryKind() throws Exception {
        SimulatedBusProvider provider = SimulatedBusProvider.populatedWith(chips, node0s());
        UartPort port = provider.openUart("serial0", "air0");
        provider.openOneWire("w1", "soil0");
        provider.openIio("iio", "dht11", "th0");
        provider.openGpioInput("pinctrl-bcm2711", 6, Duration.ofMillis(5), "rain0");
        assertThatThrownBy(provider::assertNoOpenHandles).isInstanceOf(AssertionError.class);

        provider.close();

        provider.assertNoOpenHandles();
        assertThatThrownBy(() -> port.write(new byte[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void uartUsedBeforeConfigure_isAViolation() throws Exception {
        SimulatedA02yyuw chip = new SimulatedA02yyuw(clock);
        SimulatedUart uart = new SimulatedUart("serial0", chip, clock);
        try (UartPort port = uart.open("level0")) {
            port.read(new byte[4], Duration.ofMillis(200));
        }
        assertThat(chip.violations()).singleElement().asString().contains("before the port was configured");
        SimulatedA02yyuw wrong = new SimulatedA02yyuw(clock);
        try (UartPort port = new SimulatedUart("s", wrong, clock).open("level0")) {
            port.configure(org.fieldnode.drivers.bus.UartSettings.of8n1(115_200));
        }
        assertThat(wrong.violations()).singleElement().asString().contains("9600 8N1");
    }

    @Test
    void gpioOutput_drivesTheLine_andInputsSeeIt() throws Exception {
        SimulatedGpioChip chip = new SimulatedGpioChip("gpiochip0", clock);
        List<GpioLine.EdgeEvent> seen = new ArrayList<>();
        try (GpioLine out = chip.openOutput(20, false, "relay0");
                GpioLine in = chip.openInput(21, Duration.ZERO, "probe")) {
            assertThat(out.isHigh()).isFalse();
            out.setHigh(true);
            assertThat(chip.line(20).isHigh()).isTrue();
            assertThatThrownBy(() -> out.addListener(seen::add)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> in.setHigh(true)).isInstanceOf(IllegalStateException.class);
            in.addListener(seen::add);
            chip.line(21).setLevel(false);
            clock.advance(Duration.ofMillis(1));
            chip.line(21).setLevel(true);
        }
        assertThat(seen)
                .extracting(GpioLine.EdgeEvent::edge)
                .containsExactly(GpioLine.Edge.FALLING, GpioLine.Edge.RISING);
        chip.assertNoOpenHandles();
        assertThat(Set.of(chip.name())).containsExactly("gpiochip0");
    }
}
