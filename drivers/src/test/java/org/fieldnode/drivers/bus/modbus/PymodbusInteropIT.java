// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartSettings;
import org.fieldnode.drivers.bus.linux.LinuxUartPort;
import org.fieldnode.drivers.sensor.comwintop.soilthc.SoilThcFactory;
import org.fieldnode.drivers.sensor.modbus.ModbusRegistersFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RTU master and the Modbus drivers against an independent slave: pymodbus's serial server (Debian's
 * python3-pymodbus, with python3-serial-asyncio) on one end of a pseudo-terminal pair made by socat, the node's
 * {@link LinuxUartPort} on the other, exactly as on a USB RS-485 adapter. Skipped, saying how to enable it, where
 * socat or pymodbus is missing.
 */
class PymodbusInteropIT {
    private static final Duration START = Duration.ofSeconds(20);
    private static final String PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    static Path dir;

    private static Process socat;
    private static Process slave;
    private static Path port;

    @BeforeAll
    static void startSlave() throws Exception {
        assumeTrue(
                runs(List.of("socat", "-V")) && runs(List.of(PYTHON, "-c", "import pymodbus, serial, serial_asyncio")),
                "needs socat and pymodbus: apt-get install socat python3-pymodbus python3-serial-asyncio");
        port = dir.resolve("node");
        Path other = dir.resolve("slave");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + port, "pty,raw,echo=0,link=" + other)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        long deadline = System.nanoTime() + START.toNanos();
        while (!(Files.exists(port) && Files.exists(other))) {
            assertThat(socat.isAlive())
                    .as("socat runs: %s", Files.readString(dir.resolve("socat.log")))
                    .isTrue();
            assertThat(System.nanoTime()).as("socat made the pty pair").isLessThan(deadline);
            Thread.onSpinWait();
            socat.waitFor(20, TimeUnit.MILLISECONDS);
        }
        Path script = dir.resolve("pymodbus_slave.py");
        try (var in = PymodbusInteropIT.class.getResourceAsStream("/modbus/pymodbus_slave.py")) {
            Files.copy(in, script);
        }
        slave = new ProcessBuilder(PYTHON, script.toString(), other.toString(), "9600")
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(slave.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertThat(firstLine.get(START.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ready");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : new Process[] {slave, socat}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ModbusLine line() {
        return new ModbusLine(
                "rs485",
                who -> RtuMaster.open(
                        LinuxUartPort.open(port, who, Sleeper.system()),
                        ModbusSettings.DEFAULTS.withLine(UartSettings.of8n1(9600)),
                        Sleeper.system(),
                        Optional.empty(),
                        "rs485 (" + port + ")",
                        who));
    }

    @Test
    void readsHoldingAndInputRegisters() throws Exception {
        try (ModbusDevice device = line().open(1, "probe0")) {
            assertThat(device.readHoldingRegisters(0, 3)).containsExactly(300, 242, 1830);
            assertThat(device.readInputRegisters(4, 2)).containsExactly(0x0000, 0x3FA0); // 1.25f, low word first
        }
    }

    @Test
    void anIllegalAddress_isExceptionTwo_andAMissingSlave_isSilence() throws Exception {
        ModbusLine line = line();
        try (ModbusDevice device = line.open(1, "probe0");
                ModbusDevice nobody = line.open(9, "probe9")) {
            assertThatThrownBy(() -> device.readHoldingRegisters(0x0100, 1))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("answered exception 02 (illegal data address)");
            assertThatThrownBy(() -> nobody.readHoldingRegisters(0, 1))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("slave 9 on rs485");
        }
    }

    @Test
    void theSoilProbeDriver_andTheGenericRegisterMap_readThePymodbusSlave() throws Exception {
        ModbusLine line = line();
        BusProvider buses = new BusProvider() {
            @Override
            public ModbusDevice openModbus(String bus, int slave, String sensorId) throws DeviceException {
                return line.open(slave, sensorId);
            }

            @Override
            public RegisterBus openI2cRegisters(String bus, int address, String sensorId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public I2cDevice openI2c(String bus, int address, String sensorId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                line.closeAll();
            }
        };
        try (Sensor soil = new SoilThcFactory()
                        .open(
                                new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 1, Map.of()),
                                buses,
                                Sleeper.system());
                Sensor tank = new ModbusRegistersFactory()
                        .open(
                                new SensorNode(
                                        "tank0",
                                        ModbusRegistersFactory.COMPATIBLE,
                                        "rs485",
                                        1,
                                        Map.of(
                                                "water_level.register", "4",
                                                "water_level.type", "float32",
                                                "water_level.word-order", "little",
                                                "water_level.function", "4")),
                                buses,
                                Sleeper.system())) {
            Measurement m = soil.fetch();
            assertThat(m.get(Channel.SOIL_MOISTURE).getAsDouble()).isCloseTo(30.0, within(1e-9));
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE).getAsDouble()).isCloseTo(24.2, within(1e-9));
            assertThat(m.get(Channel.CONDUCTIVITY).getAsDouble()).isCloseTo(0.183, within(1e-12));
            assertThat(tank.fetch().get(Channel.WATER_LEVEL)).hasValue(1.25);
        }
    }

    @Test
    void aScanFindsTheOneSlave() throws Exception {
        try (RtuMaster master = RtuMaster.open(
                LinuxUartPort.open(port, "probe", Sleeper.system()),
                ModbusSettings.DEFAULTS,
                Sleeper.system(),
                Optional.empty(),
                port.toString(),
                "probe")) {
            assertThat(master.scan(List.of(1, 2, 3), Duration.ofMillis(200), "probe"))
                    .containsExactly(1);
        }
    }
}
