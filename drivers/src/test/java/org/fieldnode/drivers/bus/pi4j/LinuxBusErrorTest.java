// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.exception.Pi4JException;
import java.io.IOException;
import org.fieldnode.drivers.api.BusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The errno mapping, fed the shapes Pi4J's linuxfs plugin produces: a {@code Pi4JException} wrapping the JDK's
 * {@code IOException} whose message is glibc's {@code strerror} text.
 */
class LinuxBusErrorTest {
    private static final String WHAT = "read of register 0xD0 at 0x76 on i2c1 (/dev/i2c-1)";

    @ParameterizedTest(name = "{0} -> transient={1}")
    @CsvSource({
        "Remote I/O error, false",
        "No such device or address, false",
        "No such device, false",
        "Resource temporarily unavailable, true",
        "Connection timed out, true",
        "Input/output error, true",
        "Device or resource busy, true",
        "Protocol error, true",
        "Bad message, true",
    })
    void strerrorText_decidesTransience(String strerror, boolean transientFault) {
        BusException e = LinuxBusError.toBusException("env0", WHAT, pi4jFailure(strerror));

        assertThat(e.isTransient()).isEqualTo(transientFault);
        assertThat(e.sensorId()).isEqualTo("env0");
        assertThat(e).hasMessageStartingWith("env0: " + WHAT);
    }

    @Test
    void nack_saysNothingAcknowledges_andIsPermanent() {
        BusException e = LinuxBusError.toBusException("env0", WHAT, pi4jFailure("Remote I/O error"));

        assertThat(e)
                .hasMessage("env0: " + WHAT + ": nothing acknowledges (EREMOTEIO)")
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void unknownFailure_isPermanent_andKeepsTheOriginalText() {
        RuntimeException odd = new Pi4JException("Failed to get I2C lock on bus 1 after 1000 MILLISECONDS");

        BusException e = LinuxBusError.toBusException("env0", WHAT, odd);

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessageContaining("Failed to get I2C lock").hasCause(odd);
    }

    @Test
    void errnoNumbers_areTheLinuxOnes() {
        assertThat(LinuxBusError.ofErrno(121)).contains(LinuxBusError.EREMOTEIO);
        assertThat(LinuxBusError.ofErrno(6)).contains(LinuxBusError.ENXIO);
        assertThat(LinuxBusError.ofErrno(11)).contains(LinuxBusError.EAGAIN);
        assertThat(LinuxBusError.ofErrno(110)).contains(LinuxBusError.ETIMEDOUT);
        assertThat(LinuxBusError.ofErrno(5)).contains(LinuxBusError.EIO);
        assertThat(LinuxBusError.ofErrno(2)).isEmpty();
    }

    @Test
    void find_walksTheWholeCauseChain() {
        RuntimeException deep = new RuntimeException(
                "outer", new IllegalStateException("middle", new IOException("Connection timed out")));

        assertThat(LinuxBusError.find(deep)).contains(LinuxBusError.ETIMEDOUT);
        assertThat(LinuxBusError.find(new RuntimeException("no errno here"))).isEmpty();
    }

    /** What LinuxFsI2CBus.execute throws when RandomAccessFile.write fails. */
    private static RuntimeException pi4jFailure(String strerror) {
        return new Pi4JException("Failed to execute action for device 118 on bus 1", new IOException(strerror));
    }
}
