// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedModbusBus;
import org.fieldnode.drivers.sim.SimulatedModbusLine;
import org.fieldnode.drivers.sim.SimulatedRegisterMapSlave;
import org.fieldnode.drivers.sim.SimulatedUart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RTU master against the frame-level simulated line, in virtual time. */
class RtuMasterTest {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final SimulatedModbusBus bus = buses.otherBuses().addModbusBus("rs485");
    private final SimulatedModbusLine line = bus.line();
    private final SimulatedRegisterMapSlave slave = new SimulatedRegisterMapSlave(clock);

    RtuMasterTest() {
        slave.setHolding(0x0000, 300);
        slave.setHolding(0x0001, 0xFF00);
        slave.setInput(0x0100, 7);
        slave.writable(0x0010);
        line.attach(5, slave);
    }

    @AfterEach
    void hygiene() {
        assertThat(line.violations()).as("silent interval kept").isEmpty();
        assertThat(slave.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void reads_andWrites() throws Exception {
        try (ModbusDevice device = buses.openModbus("rs485", 5, "probe0")) {
            assertThat(device.readHoldingRegisters(0, 2)).containsExactly(300, 0xFF00);
            assertThat(device.readInputRegisters(0x0100, 1)).containsExactly(7);
            device.writeRegister(0x0010, 1234);
            assertThat(device.readHoldingRegisters(0x0010, 1)).containsExactly(1234);
        }
    }

    @Test
    void illegalAddress_isAPermanentErrorNamingException02() throws Exception {
        try (ModbusDevice device = buses.openModbus("rs485", 5, "probe0")) {
            assertThatThrownBy(() -> device.readHoldingRegisters(0x0001, 2))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessage("probe0: slave 5 on rs485 (simulated) answered exception 02 (illegal data address) to"
                            + " read holding 0x0001 count 2");
            assertThat(slave.requests())
                    .as("an exception response is not retried")
                    .isEqualTo(1);
        }
    }

    @Test
    void aSlaveThatNeverAnswered_isNotFound_afterTheRetries() throws Exception {
        try (ModbusDevice device = buses.openModbus("rs485", 9, "probe0")) {
            long before = clock.nanoTime();

            assertThatThrownBy(() -> device.readHoldingRegisters(0, 1))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessage("probe0: slave 9 on rs485 (simulated) does not answer (3 attempts)");
            assertThat(Duration.ofNanos(clock.nanoTime() - before))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1500))
                    .isLessThan(Duration.ofMillis(1700));
        }
    }

    @Test
    void aBadCrc_isRetried() throws Exception {
        try (ModbusDevice device = buses.openModbus("rs485", 5, "probe0")) {
            device.readHoldingRegisters(0, 1);
            line.failNext(2, LineFault.CRC_ERROR);

            assertThat(device.readHoldingRegisters(0, 1)).containsExactly(300);
            assertThat(slave.requests()).isEqualTo(4);
        }
    }

    @Test
    void silence_fromASlaveHeardBefore_isTransient() throws Exception {
        try (ModbusDevice device = buses.openModbus("rs485", 5, "probe0")) {
            device.readHoldingRegisters(0, 1);
            slave.powerOff();

            assertThatThrownBy(() -> device.readHoldingRegisters(0, 1))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("slave 5 on rs485 (simulated): no data within PT0.5S (3 attempts)");
        }
    }

    @Test
    void answersComeAfterTheTurnaround_andCutFramesTimeOut() throws Exception {
        slave.setTurnaround(Duration.ofMillis(300));
        try (ModbusDevice device = buses.openModbus("rs485", 5, "probe0")) {
            long before = clock.nanoTime();
            device.readHoldingRegisters(0, 1);
            assertThat(Duration.ofNanos(clock.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            line.failNext(3, LineFault.SHORT_READ);
            assertThatThrownBy(() -> device.readHoldingRegisters(0, 1))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("no complete frame");
        }
    }

    @Test
    void twoSensorsShareTheLine_andItClosesWithTheLastHandle() throws Exception {
        SimulatedRegisterMapSlave other = new SimulatedRegisterMapSlave(clock);
        other.setHolding(0, 42);
        line.attach(6, other);
        ModbusDevice first = buses.openModbus("rs485", 5, "a");
        ModbusDevice second = buses.openModbus("rs485", 6, "b");

        assertThat(first.readHoldingRegisters(0, 1)).containsExactly(300);
        assertThat(second.readHoldingRegisters(0, 1)).containsExactly(42);
        first.close();
        assertThat(second.readHoldingRegisters(0, 1)).containsExactly(42);
        second.close();
        first.close();
    }

    @Test
    void scan_findsTheSlavesThatAnswer() throws Exception {
        line.attach(17, new SimulatedRegisterMapSlave(clock)); // answers exception 02: present all the same
        try (RtuMaster master = bus.openMaster("probe")) {
            List<Integer> found =
                    master.scan(IntStream.rangeClosed(1, 20).boxed().toList(), Duration.ofMillis(100), "probe");

            assertThat(found).containsExactly(5, 17);
        }
    }

    @Test
    void aGpioDriverEnable_isHighWhileTheFrameLeaves_andLowForTheAnswer() throws Exception {
        SimulatedModbusLine wire = new SimulatedModbusLine(clock, ModbusSettings.DEFAULTS);
        wire.attach(5, copyOf());
        SimulatedUart uart = new SimulatedUart("rs485", wire, clock);
        RecordingLine de = new RecordingLine(clock);
        try (RtuMaster master = RtuMaster.open(
                uart.open("probe0"), ModbusSettings.DEFAULTS, clock, Optional.of(de), "rs485", "probe0")) {
            byte[] answer = master.transact(5, RtuFrames.readRequest(3, 0, 1), false, "probe0");

            assertThat(RtuFrames.registers(answer)).containsExactly(300);
        }
        // low at open, high for the 8-byte request, low again after 9 character times (9.4 ms at 9600 8N1)
        assertThat(de.levels).containsExactly(false, true, false);
        assertThat(de.times.get(2) - de.times.get(1))
                .isGreaterThanOrEqualTo(ModbusSettings.DEFAULTS.characterTime().toNanos() * 9);
        assertThat(wire.violations()).isEmpty();
        uart.assertNoOpenHandles();
    }

    private SimulatedRegisterMapSlave copyOf() {
        SimulatedRegisterMapSlave copy = new SimulatedRegisterMapSlave(clock);
        copy.setHolding(0, 300);
        return copy;
    }

    /** A GPIO output that records its levels: the seam the master drives DE/RE through. */
    private static final class RecordingLine implements GpioLine {
        final List<Boolean> levels = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        private final FakeSleeper clock;

        RecordingLine(FakeSleeper clock) {
            this.clock = clock;
        }

        @Override
        public int offset() {
            return 17;
        }

        @Override
        public boolean isHigh() {
            return !levels.isEmpty() && levels.getLast();
        }

        @Override
        public void setHigh(boolean high) {
            levels.add(high);
            times.add(clock.nanoTime());
        }

        @Override
        public void addListener(Consumer<EdgeEvent> listener) {
            throw new IllegalStateException("an output");
        }

        @Override
        public void close() {}
    }
}
