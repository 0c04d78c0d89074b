// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.RegisterBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulatedI2cBusTest {
    private final SimulatedI2cBus bus = new SimulatedI2cBus("i2c1");
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedBme280 chip = new SimulatedBme280(clock);

    @Test
    void transferToEmptyAddress_nacksAsPermanentBusException() {
        try (RegisterBus handle = bus.open("env0", 0x50)) {
            assertThatThrownBy(() -> handle.readByte(0xD0))
                    .isInstanceOfSatisfying(BusException.class, e -> {
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.sensorId()).isEqualTo("env0");
                    })
                    .hasMessageContaining("0x50")
                    .hasMessageContaining("i2c1");
        }
    }

    @Test
    void attachedChip_answersAndDetachedChipNacks() throws Exception {
        bus.attach(0x76, chip);
        try (RegisterBus handle = bus.open("env0", 0x76)) {
            assertThat(handle.readByte(0xD0)).isEqualTo(0x60);

            assertThat(bus.detach(0x76)).containsSame(chip);
            assertThatThrownBy(() -> handle.readByte(0xD0)).isInstanceOf(BusException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NACK", "TIMEOUT"})
    void failNext_failsExactlyTheNextTransfers_thenRecovers(BusFault fault) throws Exception {
        bus.attach(0x76, chip);
        bus.failNext(2, fault);
        try (RegisterBus handle = bus.open("env0", 0x76)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> handle.write(0xF2, 0x01))
                        .isInstanceOfSatisfying(
                                BusException.class,
                                e -> assertThat(e.isTransient()).isTrue())
                        .hasMessageContaining(fault.name());
            }
            assertThat(bus.pendingFaults()).isZero();
            assertThat(handle.readByte(0xD0)).isEqualTo(0x60);
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void shortRead_waitsForARead_andDeliversPartOfTheBytes() throws Exception {
        bus.attach(0x76, chip);
        bus.failNext(1, BusFault.SHORT_READ);
        try (RegisterBus handle = bus.open("env0", 0x76)) {
            handle.write(0xF2, 0x01); // writes pass a pending short read
            byte[] into = new byte[4];

            assertThatThrownBy(() -> handle.read(0xD0, into))
                    .isInstanceOf(BusException.class)
                    .hasMessageContaining("2 of 4");
            assertThat(into[0] & 0xFF).isEqualTo(0x60);
            assertThat(into[2]).isZero();
        }
    }

    @Test
    void leakedHandle_failsTheLeakCheck_namingItsOwner() {
        RegisterBus leaked = bus.open("lux0", 0x23);

        assertThatThrownBy(bus::assertNoOpenHandles)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lux0");
        leaked.close();
        bus.assertNoOpenHandles();
    }

    @Test
    void close_isIdempotent_andUseAfterCloseIsAnError() {
        bus.attach(0x76, chip);
        RegisterBus handle = bus.open("env0", 0x76);

        handle.close();
        handle.close();

        assertThat(bus.openHandleCount()).isZero();
        assertThatThrownBy(() -> handle.readByte(0xD0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void attach_rejectsTakenAndNonSevenBitAddresses() {
        bus.attach(0x76, chip);

        assertThatThrownBy(() -> bus.attach(0x76, new SimulatedBme280(clock)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x76");
        assertThatThrownBy(() -> bus.attach(0x80, chip)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bus.attachedAddresses()).containsExactly(0x76);
    }

    @Test
    void samplerAndTestThreads_canUseBusAndBackendConcurrently() throws Exception {
        bus.attach(0x76, chip);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RegisterBus handle = bus.open("env0", 0x76)) {
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    handle.write(0xF4, 0b001_001_01);
                    clock.sleep(Duration.ofMillis(8));
                    handle.read(0xF7, new byte[8]);
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    chip.setConditions(10 + i % 20, 50, 100_000);
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(chip.conversions()).isEqualTo(500);
    }
}
