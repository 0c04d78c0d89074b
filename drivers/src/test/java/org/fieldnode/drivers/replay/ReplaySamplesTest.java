// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sensor.aosong.aht20.Aht20Factory;
import org.fieldnode.drivers.sensor.avia.hx711.Hx711Factory;
import org.fieldnode.drivers.sensor.comwintop.soilthc.SoilThcFactory;
import org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Factory;
import org.fieldnode.drivers.sensor.winsen.mhz19b.Mhz19bFactory;
import org.junit.jupiter.api.Test;

/**
 * The replay samples shipped in {@code src/test/resources/captures/}, one per capture format of the newer drivers:
 * a command chip's reply (AHT20), a word-mode {@code i2cdump} of a 16-bit-register chip (VEML7700), a UART answer
 * (MH-Z19B), a Modbus answer frame (the soil probe), IIO attributes (HX711).
 */
class ReplaySamplesTest {
    private static Measurement replay(SensorDriverFactory factory, SensorNode node, String sample) throws Exception {
        String text;
        try (InputStream in = ReplaySamplesTest.class.getResourceAsStream("/captures/" + sample)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Replay.run(factory, node, Replay.parse(factory.busKind(), sample, text));
    }

    @Test
    void aht20_replyToOneMeasurement() throws Exception {
        Measurement m = replay(
                new Aht20Factory(),
                new SensorNode("env0", Aht20Factory.COMPATIBLE, "i2c1", 0x38, Map.of()),
                "aht20.hex");

        assertThat(m.get(Channel.RELATIVE_HUMIDITY).getAsDouble()).isCloseTo(55.0, within(0.001));
        assertThat(m.get(Channel.AMBIENT_TEMPERATURE).getAsDouble()).isCloseTo(21.5, within(0.001));
    }

    @Test
    void aht20_replyWithABadCrc_isAnError() {
        SensorNode node = new SensorNode("env0", Aht20Factory.COMPATIBLE, "i2c1", 0x38, Map.of());
        assertThatThrownBy(() ->
                        Replay.run(new Aht20Factory(), node, Replay.parse(BusKind.I2C, "bad", "1c 8c cc c5 b8 51 69")))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("CRC mismatch");
    }

    @Test
    void veml7700_wordModeDump() throws Exception {
        Measurement m = replay(
                new Veml7700Factory(),
                new SensorNode("lux0", Veml7700Factory.COMPATIBLE, "i2c1", 0x10, Map.of()),
                "veml7700-words.txt");

        // 0x0A2C = 2604 counts × 1.8432 lx = 4799.7 lx, corrected for the low gain (application note 84323)
        assertThat(m.get(Channel.ILLUMINANCE).getAsDouble()).isCloseTo(5968.59, within(0.01));
    }

    @Test
    void mhz19b_answerOnTheLine() throws Exception {
        Measurement m = replay(
                new Mhz19bFactory(),
                new SensorNode("co2", Mhz19bFactory.COMPATIBLE, "serial0", 0, Map.of()),
                "mhz19b.hex");

        assertThat(m.get(Channel.CO2)).hasValue(608);
    }

    @Test
    void soilProbe_modbusAnswerFrame() throws Exception {
        Measurement m = replay(
                new SoilThcFactory(),
                new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 1, Map.of()),
                "soil-thc.hex");

        assertThat(m.get(Channel.SOIL_MOISTURE).getAsDouble()).isCloseTo(30.0, within(1e-9));
        assertThat(m.get(Channel.CONDUCTIVITY).getAsDouble()).isCloseTo(0.183, within(1e-12));
    }

    @Test
    void hx711_iioAttributes() throws Exception {
        Measurement m = replay(
                new Hx711Factory(),
                new SensorNode(
                        "hive0",
                        Hx711Factory.COMPATIBLE,
                        "iio",
                        0,
                        Map.of("kg-per-count", "2.5e-5", "tare-counts", "100000")),
                "hx711.txt");

        assertThat(m.get(Channel.MASS).getAsDouble()).isCloseTo(28.364175, within(1e-9));
    }

    @Test
    void aModbusCaptureFromAnotherSlave_isAnError() throws IOException {
        SensorNode node = new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 2, Map.of());
        assertThatThrownBy(() -> replay(new SoilThcFactory(), node, "soil-thc.hex"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("is not slave 2's answer");
    }
}
