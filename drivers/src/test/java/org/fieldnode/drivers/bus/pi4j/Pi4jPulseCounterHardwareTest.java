// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.fieldnode.pulsecounter.PulseCounterFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real Raspberry Pi, a pulse counter on a GPIO input through Pi4J's gpiod provider, driven by a second GPIO
 * pin wired to it (a jumper from the "driver" pin to the "counter" pin stands in for the reed switch of a rain
 * gauge). Excluded by default; see {@code HARDWARE-TESTS.md}.
 *
 * <p>System properties: {@code fieldnode.hw.pulse.counter} (the input line, default 17, header pin 11) and
 * {@code fieldnode.hw.pulse.driver} (the output line wired to it, default 27, header pin 13).
 */
@Tag("hardware")
class Pi4jPulseCounterHardwareTest {
    private static final int COUNTER = Integer.decode(System.getProperty("fieldnode.hw.pulse.counter", "17"));
    private static final int DRIVER = Integer.decode(System.getProperty("fieldnode.hw.pulse.driver", "27"));
    private static final Duration HALF_PERIOD = Duration.ofMillis(20);

    @Test
    void pulsesOnTheWire_withContactChatter_areCountedOncePerPulse(@TempDir Path state) throws Exception {
        Sleeper clock = Sleeper.system();
        SensorNode node = new SensorNode(
                "rain0",
                PulseCounterFactory.COMPATIBLE,
                "gpio",
                COUNTER,
                Map.of("mm-per-pulse", "0.2794", "debounce", "5ms", "state-dir", state.toString()));
        try (Pi4jBusProvider buses = Pi4jBusProvider.open(BoardBuses.raspberryPi());
                GpioLine driver = buses.openGpioOutput("gpio", DRIVER, true, "driver");
                Sensor sensor = new PulseCounterFactory().open(node, buses, clock)) {
            clock.sleep(Duration.ofMillis(100));
            sensor.fetch(); // starts the interval; nothing was pulsed yet
            int pulses = 10;
            for (int i = 0; i < pulses; i++) {
                // A closing reed switch chatters: low, high, low within microseconds, then stays closed.
                driver.setHigh(false);
                driver.setHigh(true);
                driver.setHigh(false);
                clock.sleep(HALF_PERIOD);
                driver.setHigh(true);
                clock.sleep(HALF_PERIOD);
            }
            clock.sleep(Duration.ofMillis(100)); // Pi4J delivers after the debounce period

            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.RAIN)).hasValue(pulses * 0.2794);
            assertThat(m.get(Channel.COUNT)).hasValue((double) pulses);
            assertThat(buses.openHandleCount()).isEqualTo(2);
        }
    }

    @Test
    void closingTheLine_releasesItToTheKernel_soItCanBeRequestedAgain() throws Exception {
        try (Pi4jBusProvider buses = Pi4jBusProvider.open(BoardBuses.raspberryPi())) {
            for (int round = 0; round < 3; round++) {
                boolean level = round % 2 == 0;
                try (GpioLine driver = buses.openGpioOutput("gpio", DRIVER, level, "driver");
                        GpioLine line = buses.openGpioInput(
                                "gpio", COUNTER, Duration.ofMillis(5), GpioLine.Pull.PULL_UP, "rain0")) {
                    assertThat(line.isHigh())
                            .as("the counter pin follows the driver pin")
                            .isEqualTo(level);
                }
            }
            assertThat(buses.openHandleCount()).isZero();
        }
    }
}
