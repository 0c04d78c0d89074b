// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.bus.RegisterBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedSpiBusTest {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedSpiBus spi = new SimulatedSpiBus("spi0");

    @AfterEach
    void noLeaks() {
        spi.assertNoOpenHandles();
    }

    @Test
    void readsAndWrites_reachTheChipsFullRegisterAddress_asDatasheetSection63Says() throws Exception {
        Recorder chip = new Recorder();
        spi.attach(chip);

        try (RegisterBus bus = spi.open("env0")) {
            assertThat(bus.readByte(0xD0)).isEqualTo(0xD0); // the recorder answers with the register address
            bus.write(0xF4, 0x25); // on the wire: control byte 0x74, the chip puts bit 7 back
            byte[] burst = new byte[3];
            bus.read(0xF7, burst);
            assertThat(burst).containsExactly(0xF7, 0xF8, 0xF9);
        }

        assertThat(chip.accesses).containsExactly("read 0xD0 x1", "write 0xF4 = 0x25", "read 0xF7 x3");
        assertThat(spi.transactionCount()).isEqualTo(3);
    }

    @Test
    void aBme280BehindIt_answersItsChipIdWithoutViolations() throws Exception {
        SimulatedBme280 chip = new SimulatedBme280(clock);
        spi.attach(chip);

        try (RegisterBus bus = spi.open("env0")) {
            assertThat(bus.readByte(0xD0)).isEqualTo(0x60);
            bus.write(0xE0, 0xB6); // soft reset
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void withNoChipAttached_misoFloatsHigh() throws Exception {
        try (RegisterBus bus = spi.open("env0")) {
            assertThat(bus.readByte(0xD0)).isEqualTo(0xFF);
        }
    }

    @Test
    void handles_haveNoBlockWrite_likeTheRealSpiBus_andRefuseUseAfterClose() {
        spi.attach(new Recorder());
        RegisterBus bus = spi.open("env0");

        assertThatThrownBy(() -> bus.write(0xF4, new byte[] {1, 2})).isInstanceOf(UnsupportedOperationException.class);
        assertThat(spi.openHandleCount()).isOne();
        bus.close();
        bus.close();
        assertThat(spi.openHandleCount()).isZero();
        assertThatThrownBy(() -> bus.readByte(0xD0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneChipPerChipSelect() {
        spi.attach(new Recorder());

        assertThatThrownBy(() -> spi.attach(new Recorder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spi0");
    }

    /** Answers each register read with the register's address and records what reached it. */
    private static final class Recorder implements SimulatedI2cTarget {
        final List<String> accesses = new ArrayList<>();

        @Override
        public void write(int register, byte[] data) {
            for (byte b : data) {
                accesses.add("write 0x%02X = 0x%02X".formatted(register, b & 0xFF));
            }
        }

        @Override
        public void read(int register, byte[] into) {
            accesses.add("read 0x%02X x%d".formatted(register, into.length));
            for (int i = 0; i < into.length; i++) {
                into[i] = (byte) (register + i);
            }
        }
    }
}
