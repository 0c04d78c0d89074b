// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.fieldnode.drivers.bus.UartPort;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.drivers.bus.modbus.RtuFrames;
import org.junit.jupiter.api.Test;

/** The simulated line answers, and keeps silent, as "Modbus over Serial Line V1.02" says a slave does. */
class SimulatedModbusLineTest {
    private static final HexFormat HEX = HexFormat.of();

    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedModbusLine line = new SimulatedModbusLine(clock, ModbusSettings.DEFAULTS);
    private final SimulatedUart uart = new SimulatedUart("rs485", line, clock);
    private final SimulatedRegisterMapSlave slave = new SimulatedRegisterMapSlave(clock);

    SimulatedModbusLineTest() {
        slave.setHolding(0, 0x1234);
        line.attach(1, slave);
    }

    private String ask(byte[] frame) throws Exception {
        try (UartPort port = uart.open("test")) {
            port.configure(ModbusSettings.DEFAULTS.line());
            clock.advance(Duration.ofMillis(10));
            port.write(frame);
            byte[] into = new byte[64];
            int n = port.read(into, Duration.ofMillis(200));
            return HEX.formatHex(Arrays.copyOf(into, n));
        }
    }

    @Test
    void aGoodRequest_isAnsweredAfterTheTurnaround() throws Exception {
        long before = clock.nanoTime();

        // CRC as pymodbus computes it: computeCRC(01 03 02 12 34) = 0xB533
        assertThat(ask(RtuFrames.frame(1, RtuFrames.readRequest(3, 0, 1)))).isEqualTo("0103021234b533");
        assertThat(clock.nanoTime() - before)
                .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void anIllegalAddress_getsException02() throws Exception {
        assertThat(ask(RtuFrames.frame(1, RtuFrames.readRequest(3, 5, 1)))).startsWith("018302");
    }

    @Test
    void anUnsupportedFunction_getsException01() throws Exception {
        assertThat(ask(RtuFrames.frame(1, new byte[] {0x2B, 0x0E, 0x01, 0x00}))).startsWith("01ab01");
    }

    @Test
    void anotherSlaveId_getsSilence() throws Exception {
        assertThat(ask(RtuFrames.frame(2, RtuFrames.readRequest(3, 0, 1)))).isEmpty();
        assertThat(slave.requests()).isZero();
    }

    @Test
    void aBadCrc_getsSilence() throws Exception {
        byte[] frame = RtuFrames.frame(1, RtuFrames.readRequest(3, 0, 1));
        frame[7] ^= 0x01;

        assertThat(ask(frame)).isEmpty();
        assertThat(slave.requests()).isZero();
    }

    @Test
    void aRequestBeforeTheAnswer_isAViolation() throws Exception {
        try (UartPort port = uart.open("test")) {
            port.configure(ModbusSettings.DEFAULTS.line());
            port.write(RtuFrames.frame(1, RtuFrames.readRequest(3, 0, 1)));
            clock.advance(Duration.ofMillis(5)); // the slave is still turning around
            port.write(RtuFrames.frame(1, RtuFrames.readRequest(3, 0, 1)));
        }
        assertThat(line.violations())
                .containsExactly("a request started before the answer to the previous one was due");
    }
}
