// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.runtime.config.Boards;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.install.DoctorCheck.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} on a fake tree of a Raspberry Pi 4 ({@code proc/}, {@code sys/}, {@code dev/}, {@code run/}, {@code
 * etc/}) with a real Scandium DTLS server on loopback as the collector. The board file is the shipped one.
 */
class DoctorTest {
    private static final Path SHIPPED_PI4 = Path.of("../../hardware-profiles/src/main/resources/boards/rpi-4b.yaml");
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final int SERVICE_UID = 4242;

    @TempDir
    Path root;

    @TempDir
    Path data;

    private Boards boards;
    private ProfileLoader loader;
    private Path profile;
    private DTLSConnector collector;

    @BeforeEach
    void fakePi4() throws Exception {
        boards = Boards.of(Boards.parse("rpi-4b", Files.readString(SHIPPED_PI4)));
        loader = new ProfileLoader(Set.of("bosch,bme280", "fieldnode,pulse-counter"), boards);
        write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0");
        write("proc/meminfo", "MemTotal:        1891164 kB\nMemFree:          912000 kB\n");
        write("sys/bus/gpio/devices/gpiochip0/label", "pinctrl-bcm2711\n");
        write("sys/bus/gpio/devices/gpiochip1/label", "raspberrypi-exp-gpio\n");
        write("dev/gpiochip0", "");
        Path i2c = write("dev/i2c-1", "");
        Files.setPosixFilePermissions(i2c, PosixFilePermissions.fromString("rw-rw----"));
        int gid = (Integer) Files.getAttribute(i2c, "unix:gid");
        write(
                "etc/passwd",
                "root:x:0:0:root:/root:/bin/bash\nfieldnode:x:" + SERVICE_UID + ":" + (gid + 1000)
                        + "::/var/lib/fieldnode:/usr/sbin/nologin\n");
        write("etc/group", "i2c:x:" + gid + ":pi,fieldnode\nfieldnode:x:" + (gid + 1000) + ":\n");
        write("run/systemd/timesync/synchronized", "");
        Files.writeString(data.resolve("node-id"), "fieldnode-3f9c0a1b2c3d4e5f\n");
        Files.writeString(data.resolve("status"), "node=fieldnode-3f9c0a1b2c3d4e5f\nstate=OK\n");
        profile = Files.writeString(root.resolve("node.yaml"), """
                board: raspberrypi,4b
                buses:
                  i2c1: { kind: i2c, bus: 1 }
                  rain: { kind: gpio, line: 17 }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                  - { id: rain0, compatible: "fieldnode,pulse-counter", bus: rain, properties: { mm-per-pulse: 0.2794 } }
                queue: { disk-budget: 4MiB }
                """);
        collector = dtlsServer();
    }

    @AfterEach
    void stop() {
        collector.destroy();
    }

    private Path write(String relative, String text) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static DTLSConnector dtlsServer() throws Exception {
        Configuration config =
                new Configuration(DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore("doctor-test", new byte[16]))
                .build());
        connector.setRawDataReceiver(message -> {});
        connector.start();
        return connector;
    }

    private URI collectorUri() {
        return URI.create("coaps://127.0.0.1:" + collector.getAddress().getPort() + "/r");
    }

    private List<DoctorCheck> doctor(Optional<URI> target) {
        return Doctor.run(
                new Doctor.Settings(
                        root, Optional.of(profile.toString()), data, "fieldnode", target, Duration.ofSeconds(2), NOW),
                loader,
                boards);
    }

    private static Map<String, DoctorCheck> byName(List<DoctorCheck> checks) {
        return checks.stream().collect(Collectors.toMap(DoctorCheck::name, c -> c));
    }

    @Test
    void healthyPi4_passesEveryCheck() {
        List<DoctorCheck> checks = doctor(Optional.of(collectorUri()));

        assertThat(checks)
                .extracting(DoctorCheck::name)
                .containsExactly(
                        "java",
                        "board",
                        "memory",
                        "profile",
                        "bus i2c1",
                        "access i2c1",
                        "gpiochip",
                        "time",
                        "identity",
                        "storage",
                        "collector");
        assertThat(checks)
                .allSatisfy(c -> assertThat(c.status())
                        .as("%s: %s / %s", c.name(), c.detail(), c.fix())
                        .isEqualTo(Status.PASS));
        Map<String, DoctorCheck> by = byName(checks);
        assertThat(by.get("board").detail()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4 (raspberrypi,4b)");
        assertThat(by.get("memory").detail()).startsWith("MemTotal 1846 MiB; node heap 230 MiB (-Xmx230m)");
        assertThat(by.get("gpiochip").detail()).isEqualTo("/dev/gpiochip0 is pinctrl-bcm2711");
        assertThat(by.get("access i2c1").detail())
                .contains("/dev/i2c-1 mode 660 group i2c; fieldnode may read and write");
        assertThat(by.get("identity").detail()).startsWith("node fieldnode-3f9c0a1b2c3d4e5f state OK");
        assertThat(by.get("collector").detail()).endsWith("answered: DTLS HelloVerifyRequest");
    }

    @Test
    void serviceUserOutsideTheDevicesGroup_failsWithTheUsermodFix() throws Exception {
        int gid = (Integer) Files.getAttribute(root.resolve("dev/i2c-1"), "unix:gid");
        write("etc/group", "i2c:x:" + gid + ":pi\n");

        DoctorCheck access = byName(doctor(Optional.of(collectorUri()))).get("access i2c1");

        assertThat(access.status()).isEqualTo(Status.FAIL);
        assertThat(access.fix()).isEqualTo("sudo usermod -aG i2c fieldnode && sudo systemctl restart fieldnode");
    }

    @Test
    void i2cNotEnabled_wrongGpiochip_unsyncedClock_silentCollector_eachFailWithAFix() throws Exception {
        Files.delete(root.resolve("dev/i2c-1"));
        write("sys/bus/gpio/devices/gpiochip0/label", "pinctrl-rp1\n");
        Files.delete(root.resolve("run/systemd/timesync/synchronized"));
        int closedPort = collector.getAddress().getPort();
        collector.destroy();

        Map<String, DoctorCheck> by = byName(doctor(Optional.of(URI.create("coaps://127.0.0.1:" + closedPort))));

        assertThat(by.get("bus i2c1").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("bus i2c1").fix())
                .isEqualTo("add 'dtparam=i2c_arm=on' to /boot/firmware/config.txt and reboot");
        assertThat(by).doesNotContainKey("access i2c1");
        assertThat(by.get("gpiochip").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("gpiochip").detail())
                .isEqualTo("no gpiochip labelled pinctrl-bcm2711 (found: gpiochip0=pinctrl-rp1,"
                        + " gpiochip1=raspberrypi-exp-gpio)");
        assertThat(by.get("time").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("time").fix()).startsWith("timedatectl set-ntp true");
        assertThat(by.get("collector").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("collector").detail()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void profileForAnotherBoard_isNamed() throws Exception {
        write("proc/device-tree/model", "Raspberry Pi 3 Model B Plus Rev 1.3\0");
        boards = Boards.of(
                boards.find("raspberrypi,4b").orElseThrow(),
                new org.fieldnode.runtime.config.Board(
                        "raspberrypi,3b-plus",
                        "Raspberry Pi 3 Model B Plus",
                        "bcm2837",
                        4,
                        List.of(1024),
                        "pinctrl-bcm2835",
                        Map.of(),
                        boards.find("raspberrypi,4b").orElseThrow().header()));

        DoctorCheck board = byName(doctor(Optional.of(collectorUri()))).get("board");

        assertThat(board.status()).isEqualTo(Status.FAIL);
        assertThat(board.detail()).endsWith("(raspberrypi,3b-plus), but the profile is for raspberrypi,4b");
        assertThat(board.fix()).startsWith("add 'board: raspberrypi,3b-plus' to the device's overlay");
    }

    @Test
    void notAPi_noProfile_noNode_reportsHonestly() throws Exception {
        Path empty = Files.createDirectories(root.resolve("elsewhere"));
        List<DoctorCheck> checks = Doctor.run(
                new Doctor.Settings(
                        empty,
                        Optional.of(empty.resolve("etc/fieldnode/node.yaml").toString()),
                        empty.resolve("var/lib/fieldnode"),
                        "fieldnode",
                        Optional.empty(),
                        Duration.ofMillis(200),
                        NOW),
                loader,
                boards);

        Map<String, DoctorCheck> by = byName(checks);
        assertThat(by.get("board").detail()).isEqualTo("no /proc/device-tree/model: this is not a Raspberry Pi");
        assertThat(by.get("profile").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("identity").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("storage").status()).isEqualTo(Status.FAIL);
        assertThat(by.get("collector").detail()).startsWith("no collector");
        assertThat(checks)
                .filteredOn(c -> c.status() == Status.FAIL)
                .allSatisfy(c -> assertThat(c.fix()).isNotBlank());
    }

    @Test
    void clientHello_isOneWellFormedDtlsRecord() {
        byte[] hello = CollectorProbe.clientHello(new java.security.SecureRandom());

        assertThat(hello[0]).isEqualTo((byte) 22); // handshake
        assertThat(((hello[1] & 0xFF) << 8) | (hello[2] & 0xFF)).isEqualTo(0xFEFD); // DTLS 1.2
        int recordLength = ((hello[11] & 0xFF) << 8) | (hello[12] & 0xFF);
        assertThat(hello.length).isEqualTo(13 + recordLength);
        assertThat(hello[13]).isEqualTo((byte) 1); // client_hello
    }
}
