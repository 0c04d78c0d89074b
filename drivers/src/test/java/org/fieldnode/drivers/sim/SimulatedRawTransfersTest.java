// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.sensor.sensirion.SensirionCrc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Raw I2C handles on the simulated bus: faults, NACKs from present chips, leak checks, register devices. */
class SimulatedRawTransfersTest {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedI2cBus bus = new SimulatedI2cBus("i2c1");

    @AfterEach
    void noLeaks() {
        bus.assertNoOpenHandles();
    }

    @Test
    void rawHandle_toEmptyAddress_nacksPermanently() {
        try (I2cDevice device = bus.openDevice("env0", 0x44)) {
            assertThatThrownBy(() -> device.write(new byte[] {0x24, 0x00}))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("0x44");
        }
    }

    @Test
    void rawHandle_onRegisterDevice_setsThePointerThenReadsFromIt() throws Exception {
        bus.attach(0x76, new SimulatedBme280(clock));
        try (I2cDevice device = bus.openDevice("env0", 0x76)) {
            device.write(new byte[] {(byte) 0xD0});
            byte[] id = new byte[1];
            device.read(id);

            assertThat(id[0] & 0xFF).isEqualTo(0x60);
        }
    }

    @Test
    void registerHandle_onCommandDevice_travelsAsRawWriteThenRead() {
        SimulatedSht4x chip = new SimulatedSht4x(clock);
        bus.attach(0x44, chip);
        try (RegisterBus registers = bus.open("env0", 0x44)) {
            // a register read of "0x89" is the serial-number command followed by an immediate read: allowed
            byte[] reply = new byte[6];
            assertThatThrownBy(() -> registers.read(0x89, reply))
                    .as("the serial number takes 0.2 ms, so an immediate read is NACKed")
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void faultsAndLeakChecks_coverRawHandles() throws Exception {
        SimulatedSht3x chip = new SimulatedSht3x(clock);
        bus.attach(0x44, chip);
        I2cDevice device = bus.openDevice("env0", 0x44);
        assertThatThrownBy(bus::assertNoOpenHandles).hasMessageContaining("env0");

        bus.failNext(1, BusFault.TIMEOUT);
        assertThatThrownBy(() -> device.write(new byte[] {0x37, (byte) 0x80}))
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("TIMEOUT");
        device.write(new byte[] {0x37, (byte) 0x80});
        bus.failNext(1, BusFault.SHORT_READ);
        byte[] reply = new byte[6];
        assertThatThrownBy(() -> device.read(reply)).hasMessageContaining("3 of 6");
        assertThat(reply[0] & 0xFF).isEqualTo(0x1C); // the first word still arrived

        device.close();
        device.close();
        assertThatThrownBy(() -> device.read(reply)).isInstanceOf(IllegalStateException.class);
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void sht3x_nacksReadsWhileMeasuring_asAllowedPolling() throws Exception {
        SimulatedSht3x chip = new SimulatedSht3x(clock);
        bus.attach(0x44, chip);
        try (I2cDevice device = bus.openDevice("env0", 0x44)) {
            device.write(new byte[] {0x24, 0x00});
            clock.advance(java.time.Duration.ofMillis(10));

            assertThatThrownBy(() -> device.read(new byte[6]))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("still executing");

            clock.advance(java.time.Duration.ofMillis(3));
            byte[] reply = new byte[6];
            device.read(reply);
            assertThat(SensirionCrc.crc8(reply, 0, 2)).isEqualTo(reply[2] & 0xFF);
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void sht3x_recordsCommandsWhileBusy_unknownCommands_andReadsWithoutReply() {
        SimulatedSht3x chip = new SimulatedSht3x(clock);
        bus.attach(0x44, chip);
        try (I2cDevice device = bus.openDevice("env0", 0x44)) {
            assertThatThrownBy(() -> device.read(new byte[6]))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse());
            device.write(new byte[] {0x24, 0x00});
            assertThatThrownBy(() -> device.write(new byte[] {0x24, 0x00}))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            clock.advance(java.time.Duration.ofMillis(20));
            assertThatThrownBy(() -> device.write(new byte[] {0x2C, 0x06})) // clock stretching: not modelled
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(chip.violations())
                .hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("no reply pending"))
                .anySatisfy(v -> assertThat(v).contains("still executes"))
                .anySatisfy(v -> assertThat(v).contains("0x2C06"));
    }

    @Test
    void corruptNextReply_flipsOneBitOfOneReply() throws Exception {
        SimulatedSht3x chip = new SimulatedSht3x(clock);
        bus.attach(0x44, chip);
        chip.corruptNextReply();
        try (I2cDevice device = bus.openDevice("env0", 0x44)) {
            byte[] first = readSerial(device);
            byte[] second = readSerial(device);

            assertThat(SensirionCrc.crc8(first, 0, 2)).isNotEqualTo(first[2] & 0xFF);
            assertThat(SensirionCrc.crc8(second, 0, 2)).isEqualTo(second[2] & 0xFF);
        }
    }

    @Test
    void simulatorCrc_agreesWithDriverCrc_forEveryWord() {
        for (int word = 0; word <= 0xFFFF; word++) {
            assertThat(SimulatedSensirionChip.crc(word)).as("word 0x%04X", word).isEqualTo(SensirionCrc.crc8(word));
        }
    }

    private static byte[] readSerial(I2cDevice device) throws Exception {
        device.write(new byte[] {0x37, (byte) 0x80});
        byte[] reply = new byte[6];
        device.read(reply);
        return reply;
    }
}
