// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedGpioLine;
import org.junit.jupiter.api.Test;

/** A contact on a simulated GPIO line: closed is 1 at the active level, the level set by the profile's active. */
class GpioContactTest {
    private static Sensor open(Map<String, String> properties, boolean lineHigh) throws Exception {
        FakeSleeper clock = new FakeSleeper();
        SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(java.time.InstantSource.system(), clock, 1));
        SimulatedGpioLine line = new SimulatedGpioLine(clock);
        line.setLevel(lineHigh);
        buses.otherBuses().addGpioChip("float").attach(17, line);
        return new GpioContactFactory()
                .open(new SensorNode("tank0", GpioContactFactory.COMPATIBLE, "float", 17, properties), buses, clock);
    }

    @Test
    void activeLow_aLineAtGroundIsClosed() throws Exception {
        try (Sensor closed = open(Map.of(), false)) {
            assertThat(closed.fetch().get(Channel.CONTACT)).hasValue(1.0);
        }
        try (Sensor open = open(Map.of("active", "low"), true)) {
            assertThat(open.fetch().get(Channel.CONTACT)).hasValue(0.0);
        }
    }

    @Test
    void activeHigh_aHighLineIsClosed() throws Exception {
        try (Sensor closed = open(Map.of("active", "high", "pull", "down"), true)) {
            assertThat(closed.fetch().get(Channel.CONTACT)).hasValue(1.0);
            assertThat(closed.info().channels()).containsExactly(Channel.CONTACT);
        }
    }

    @Test
    void aWrongActive_namesTheProperty() {
        assertThatThrownBy(() -> GpioContactFactory.activeHigh(Map.of("active", "closed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("active");
    }
}
