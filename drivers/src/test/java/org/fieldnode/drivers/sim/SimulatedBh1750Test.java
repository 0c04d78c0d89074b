// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.I2cDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The BH1750 model catches the mistakes drivers have made with this chip. */
class SimulatedBh1750Test {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedI2cBus bus = new SimulatedI2cBus("i2c1");
    private final SimulatedBh1750 chip = new SimulatedBh1750(clock);
    private final I2cDevice device;

    SimulatedBh1750Test() {
        bus.attach(0x23, chip);
        device = bus.openDevice("lux0", 0x23);
    }

    @AfterEach
    void close() {
        device.close();
        bus.assertNoOpenHandles();
    }

    @Test
    void octalOneTimeOpcode_isContinuousMode_andLeavesTheChipMeasuring() throws Exception {
        // diozero's bug: "0010_0000" meant as binary is an octal literal. Written "020" it is 0x10: continuous mode.
        int octal = Integer.parseInt("20", 8);
        device.write(new byte[] {(byte) octal});
        clock.advance(Duration.ofMillis(200));

        assertThat(octal).isEqualTo(0x10);
        assertThat(chip.continuous()).isTrue();
        assertThat(chip.poweredOn()).isTrue();
    }

    @Test
    void oneTimeMode_powersDownAfterTheMeasurement() throws Exception {
        chip.setIlluminance(1000);
        device.write(new byte[] {0x20});
        clock.advance(Duration.ofMillis(120));
        byte[] count = new byte[2];
        device.read(count);

        assertThat(chip.poweredOn()).isFalse();
        assertThat(chip.continuous()).isFalse();
        assertThat((count[0] & 0xFF) << 8 | count[1] & 0xFF).isEqualTo(1200);
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void unknownOpcode_isRejectedAndRecorded() {
        assertThatThrownBy(() -> device.write(new byte[] {0x08}))
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isFalse());
        assertThat(chip.violations()).singleElement().asString().contains("0x08");
    }

    @Test
    void resetWhilePoweredDown_isRecorded() throws Exception {
        device.write(new byte[] {0x07});

        assertThat(chip.violations()).singleElement().asString().contains("power-down");
    }

    @Test
    void readBeforeTheMeasurementCompletes_isRecorded() throws Exception {
        device.write(new byte[] {0x20});
        clock.advance(Duration.ofMillis(100));
        device.read(new byte[2]);

        assertThat(chip.violations()).singleElement().asString().contains("before measurement 0x20 completed");
    }

    @Test
    void readWithNoMeasurement_isRecorded() throws Exception {
        device.write(new byte[] {0x01});
        device.read(new byte[2]);

        assertThat(chip.violations()).singleElement().asString().contains("no measurement");
    }

    @Test
    void mtregOpcodes_setTheRegisterAndScaleTheCount() throws Exception {
        chip.setIlluminance(1000);
        device.write(new byte[] {0x01});
        device.write(new byte[] {0b0100_0100}); // MT[7:5] = 100
        device.write(new byte[] {0b0110_1010}); // MT[4:0] = 01010
        device.write(new byte[] {0x20});
        clock.advance(Duration.ofMillis(240));
        byte[] count = new byte[2];
        device.read(count);

        assertThat(chip.mtreg()).isEqualTo(138);
        assertThat((count[0] & 0xFF) << 8 | count[1] & 0xFF).isEqualTo(2400);
        assertThat(chip.violations()).isEmpty();
    }
}
