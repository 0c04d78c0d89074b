// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.sensor.sensirion.SensirionWords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedScd4xTest {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedI2cBus bus = new SimulatedI2cBus("i2c1");
    private SimulatedScd4x chip = new SimulatedScd4x(SimulatedScd4x.Variant.SCD41, clock);
    private I2cDevice device;

    private void wire(SimulatedScd4x scd4x) {
        chip = scd4x;
        bus.attach(0x62, chip);
        device = bus.openDevice("co2", 0x62);
    }

    @AfterEach
    void close() {
        device.close();
        bus.assertNoOpenHandles();
    }

    @Test
    void periodicMeasurement_rejectsCommandsTheDatasheetForbids() throws Exception {
        wire(chip);
        device.write(SensirionWords.command(0x21B1));

        assertThatThrownBy(() -> device.write(SensirionWords.command(0x3682))) // get_serial_number
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isFalse());
        device.write(SensirionWords.command(0xE4B8)); // get_data_ready_status is allowed
        clock.advance(Duration.ofMillis(1));
        assertThat(SensirionWords.read("co2", device, 1)[0] & 0x07FF).isZero();
        assertThat(chip.violations()).singleElement().asString().contains("0x3682");
    }

    @Test
    void dataReady_setsLow11BitsEveryFiveSeconds_andReadOutEmptiesTheBuffer() throws Exception {
        wire(chip);
        chip.setCo2Ppm(812);
        device.write(SensirionWords.command(0x21B1));
        clock.advance(Duration.ofSeconds(5));

        device.write(SensirionWords.command(0xE4B8));
        clock.advance(Duration.ofMillis(1));
        assertThat(SensirionWords.read("co2", device, 1)[0] & 0x07FF).isNotZero();
        device.write(SensirionWords.command(0xEC05));
        clock.advance(Duration.ofMillis(1));
        assertThat(SensirionWords.read("co2", device, 3)[0]).isEqualTo(812);
        device.write(SensirionWords.command(0xE4B8));
        clock.advance(Duration.ofMillis(1));
        assertThat(SensirionWords.read("co2", device, 1)[0]).isEqualTo(0x8000);
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void readBeforeExecutionTime_isRecorded() throws Exception {
        wire(chip);
        device.write(SensirionWords.command(0x3682));

        assertThatThrownBy(() -> device.read(new byte[9])).isInstanceOf(BusException.class);
        assertThat(chip.violations()).singleElement().asString().contains("before command 0x3682");
    }

    @Test
    void singleShot_existsOnlyOnTheScd41() {
        wire(new SimulatedScd4x(SimulatedScd4x.Variant.SCD40, clock));

        assertThatThrownBy(() -> device.write(SensirionWords.command(0x219D))).isInstanceOf(BusException.class);
        assertThat(chip.violations()).singleElement().asString().contains("SCD41 only");
    }

    @Test
    void setAmbientPressure_checksItsArgumentCrc() throws Exception {
        wire(chip);
        device.write(new byte[] {(byte) 0xE0, 0x00, 0x03, (byte) 0xDB, (byte) SimulatedSensirionChip.crc(0x03DB)});
        clock.advance(Duration.ofMillis(1));

        assertThatThrownBy(() -> device.write(new byte[] {(byte) 0xE0, 0x00, 0x03, (byte) 0xDB, 0x00}))
                .isInstanceOf(BusException.class);
        assertThat(chip.violations()).singleElement().asString().contains("wrong CRC");
    }
}
