// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.dfrobot.a02yyuw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedA02yyuw;
import org.fieldnode.drivers.sim.SimulatedUart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class A02yyuwTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SensorInfo INFO =
            new SensorInfo("level0", "dfrobot,a02yyuw", Set.of(Channel.DISTANCE, Channel.WATER_LEVEL));

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedA02yyuw chip = new SimulatedA02yyuw(clock);
    private final SimulatedUart uart = new SimulatedUart("serial0", chip, clock);

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        uart.assertNoOpenHandles();
    }

    private A02yyuw open() throws Exception {
        return A02yyuw.open(INFO, uart.open("level0"), 2.5, Duration.ofSeconds(1), clock);
    }

    @Test
    void frameExample_checksumAndDistance() {
        // 0x07A1 = 1953 mm; SUM = (0xFF + 0x07 + 0xA1) & 0xFF = 0xA7.
        byte[] frame = HEX.parseHex("ff07a1a7");
        assertThat(A02yyuwProtocol.checksum(0x07, 0xA1)).isEqualTo(0xA7);
        assertThat(FrameSync.findIn(HEX.parseHex("a1a7" + "ff07" + "ff07a1a7"), A02yyuwProtocol::judge))
                .isEqualTo(frame);
        assertThat(A02yyuwProtocol.millimetres(frame)).isEqualTo(1953);
    }

    @Test
    void fetch_reportsDistanceAndWaterLevelInMetres() throws Exception {
        chip.setDistanceMillimetres(1953);
        try (A02yyuw sensor = open()) {
            Measurement m = sensor.fetch();
            assertThat(m.get(Channel.DISTANCE).getAsDouble()).isCloseTo(1.953, within(1e-9));
            assertThat(m.get(Channel.WATER_LEVEL).getAsDouble()).isCloseTo(0.547, within(1e-9));
        }
    }

    @Test
    void fetch_startingMidFrame_resyncs() throws Exception {
        chip.setDistanceMillimetres(0x0FFF); // data bytes 0x0F 0xFF: a false header inside the frame
        try (A02yyuw sensor = open()) {
            chip.injectBeforeNextFrame(HEX.parseHex("ff0e"));
            assertThat(sensor.fetch().get(Channel.DISTANCE)).hasValue(4.095);
        }
    }

    @Test
    void outOfRange_isRejected_andInRangeValuesComeBack() throws Exception {
        try (A02yyuw sensor = open()) {
            chip.setDistanceMillimetres(12); // blind zone
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOf(DataNotReadyException.class)
                    .hasMessageContaining("12 mm");
            chip.setDistanceMillimetres(5000);
            assertThatThrownBy(sensor::fetch).isInstanceOf(DataNotReadyException.class);
            chip.setDistanceMillimetres(800);
            assertThat(sensor.fetch().get(Channel.WATER_LEVEL).getAsDouble()).isCloseTo(1.7, within(1e-9));
        }
    }

    @Test
    void aCorruptFrame_isSkippedForTheNextGoodOne() throws Exception {
        try (A02yyuw sensor = open()) {
            chip.failNext(2, LineFault.CRC_ERROR);
            assertThat(sensor.fetch().get(Channel.DISTANCE)).hasValue(1.234);
        }
    }

    @Test
    void disconnect_isATransientTimeout_untilReconnected() throws Exception {
        try (A02yyuw sensor = open()) {
            chip.disconnect();
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            chip.reconnect();
            assertThat(sensor.fetch().values()).hasSize(2);
        }
    }

    @Test
    void open_whenSilent_reportsAbsence() {
        chip.disconnect();
        assertThatThrownBy(this::open).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void factory_requiresTheMountHeight() {
        SensorNode node = new SensorNode("level0", "dfrobot,a02yyuw", "serial0", 0, Map.of());
        assertThatThrownBy(() -> new A02yyuwFactory().open(node, null, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("properties.mount-height-m");
        SensorNode negative = new SensorNode("level0", "dfrobot,a02yyuw", "serial0", 0, Map.of("mount-height-m", "-1"));
        assertThatThrownBy(() -> new A02yyuwFactory().open(negative, null, clock))
                .hasMessageContaining("properties.mount-height-m");
    }
}
