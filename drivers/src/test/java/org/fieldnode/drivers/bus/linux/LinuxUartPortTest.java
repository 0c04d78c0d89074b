// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.UartSettings;
import org.fieldnode.drivers.sensor.nova.sds011.Sds011;
import org.fieldnode.drivers.sensor.nova.sds011.Sds011Settings;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxUartPortTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private final FakeSleeper clock = new FakeSleeper();
    private final List<List<String>> sttyCalls = new ArrayList<>();
    private final Stty recorder = (device, settings) -> sttyCalls.add(settings);

    @Test
    void sttyWords_describeTheFraming() {
        assertThat(LinuxUartPort.sttyWords(UartSettings.of8n1(9600)))
                .startsWith("9600", "cs8", "-parenb", "-cstopb", "raw", "-echo")
                .contains("clocal")
                .endsWith("min", "0", "time", "1");
        assertThat(LinuxUartPort.sttyWords(new UartSettings(19200, 7, UartSettings.Parity.EVEN, 2)))
                .startsWith("19200", "cs7", "parenb", "-parodd", "cstopb");
        assertThat(LinuxUartPort.sttyWords(new UartSettings(4800, 8, UartSettings.Parity.ODD, 1)))
                .contains("parenb", "parodd");
    }

    @Test
    void readsACapture_writesCommands_andTimesOutOnSilence() throws Exception {
        Path rx = Files.write(dir.resolve("rx"), HEX.parseHex("0102030405"));
        Path tx = dir.resolve("tx");
        try (LinuxUartPort port = LinuxUartPort.open(rx, tx, "s0", clock, recorder)) {
            port.configure(UartSettings.of8n1(9600));
            port.write(new byte[] {(byte) 0xAA, 0x55});
            byte[] into = new byte[3];
            assertThat(port.read(into, Duration.ofSeconds(1))).isEqualTo(3);
            assertThat(into).containsExactly(1, 2, 3);
            port.drainInput();
            long before = clock.nanoTime();
            assertThat(port.read(into, Duration.ofMillis(250))).isZero();
            assertThat(clock.nanoTime() - before)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
        }
        assertThat(Files.readAllBytes(tx)).containsExactly(0xAA, 0x55);
        assertThat(sttyCalls).hasSize(1);
    }

    @Test
    void aDriverDecodesAReplayedSds011Stream() throws Exception {
        // A capture that starts mid-frame, then two replies and the data frame (PM2.5 123.6, PM10 261.8).
        Path rx = Files.write(
                dir.resolve("capture"),
                HEX.parseHex("0aa1601dab" + "aac506010100a1600aab" + "aac502010100a16005ab" + "aac0d4043a0aa1601dab"));
        SensorInfo info = new SensorInfo("air1", "nova,sds011", Set.of(Channel.PM2_5, Channel.PM10));
        Sds011Settings awake = new Sds011Settings(false, Duration.ZERO, Duration.ofSeconds(1));
        // open() drains the stream before its probe, so the probe sees silence: the capture cannot answer queries.
        assertThatThrownBy(() -> Sds011.open(
                        info, LinuxUartPort.open(rx, dir.resolve("tx"), "air1", clock, recorder), awake, clock))
                .isInstanceOf(DeviceNotFoundException.class);
        try (LinuxUartPort port = LinuxUartPort.open(rx, dir.resolve("tx2"), "air1", clock, recorder)) {
            byte[] frame = org.fieldnode.drivers.bus.FrameSync.read(
                    port,
                    clock,
                    Duration.ofSeconds(1),
                    org.fieldnode.drivers.sensor.nova.sds011.Sds011Protocol::judge,
                    "air1");
            assertThat(Sds011.toMeasurement(frame).get(Channel.PM10)).hasValue(261.8);
        }
    }

    @Test
    void missingDevice_isNotFound_andSttyFailure_isPermanent() throws Exception {
        assertThatThrownBy(() -> LinuxUartPort.open(dir.resolve("ttyS9"), "s0", clock))
                .isInstanceOf(DeviceNotFoundException.class);
        Path rx = Files.write(dir.resolve("rx"), new byte[0]);
        Stty broken = (device, settings) -> {
            throw new IOException("stty: /dev/serial0: Inappropriate ioctl for device");
        };
        try (LinuxUartPort port = LinuxUartPort.open(rx, dir.resolve("tx"), "s0", clock, broken)) {
            assertThatThrownBy(() -> port.configure(UartSettings.of8n1(9600)))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("Inappropriate ioctl");
        }
    }

    @Test
    void close_isIdempotent_andUseAfterCloseFails() throws Exception {
        Path rx = Files.write(dir.resolve("rx"), new byte[0]);
        LinuxUartPort port = LinuxUartPort.open(rx, dir.resolve("tx"), "s0", clock, recorder);
        port.close();
        port.close();
        assertThatThrownBy(() -> port.write(new byte[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void realStty_onAPlainFile_failsCleanly() throws Exception {
        Path notATty = Files.write(dir.resolve("notatty"), new byte[0]);
        try (LinuxUartPort port = LinuxUartPort.open(notATty, "s0", clock)) {
            assertThatThrownBy(() -> port.configure(UartSettings.of8n1(9600))).isInstanceOf(BusException.class);
        }
    }
}
