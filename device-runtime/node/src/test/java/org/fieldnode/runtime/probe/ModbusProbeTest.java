// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe --simulate} scans a profile's simulated Modbus lines for the slave ids that answer. */
class ModbusProbeTest {
    @Test
    void simulatedLine_isScanned_andTheSnippetNamesEachSlave() throws Exception {
        Profile profile = DriverRegistry.load().profileLoader().parse("soil.yaml", """
                board: simulated
                buses:
                  rs485: { kind: modbus, baud: 4800, simulated: true }
                sensors:
                  - { id: soil0, compatible: "comwintop,cwt-soil-thc", bus: rs485, reg: 1 }
                  - { id: wind0, compatible: "renke,rs-fsjt-n01", bus: rs485, reg: 17 }
                """);

        ProbeResult result = Probe.simulated(profile);

        assertThat(result.modbusBuses()).singleElement().satisfies(line -> {
            assertThat(line.slaves()).containsExactly(1, 17);
            assertThat(line.baud()).isEqualTo(4800);
        });
        assertThat(ProfileSnippet.of(result))
                .contains("# rs485 (simulated, Modbus RTU at 4800 baud): slave ids 1, 17\n")
                .contains("  rs485: { kind: modbus, baud: 4800, simulated: true }\n")
                .contains("  - { id: cwt-soil-thc_0, compatible: \"comwintop,cwt-soil-thc\", bus: rs485, reg: 1 }\n")
                .contains("  - { id: rs-fsjt-n01_0, compatible: \"renke,rs-fsjt-n01\", bus: rs485, reg: 17 }\n");
    }

    @Test
    void aDeviceThatIsNoSerialPort_isReportedOnTheLine_andLeftClosed(@TempDir Path dir) throws IOException {
        Path notATty = Files.writeString(dir.resolve("ttyUSB0"), ""); // opens, but stty cannot configure it

        ProbeResult.ModbusScan scan =
                Probe.modbus("rs485", notATty, ModbusSettings.DEFAULTS, List.of(1, 2), Sleeper.system());

        assertThat(scan.slaves()).isEmpty();
        assertThat(scan.problem()).hasValueSatisfying(e -> assertThat(e).contains("ttyUSB0"));
        assertThat(openDescriptorsOn(notATty))
                .as("the port is closed when stty fails")
                .isZero();
    }

    private static long openDescriptorsOn(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(real);
                        } catch (IOException gone) {
                            return false; // the descriptor of the listing itself, closed meanwhile
                        }
                    })
                    .count();
        }
    }
}
