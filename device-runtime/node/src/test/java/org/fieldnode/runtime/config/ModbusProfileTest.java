// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.fieldnode.drivers.bus.UartSettings;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;

/**
 * A Modbus RTU line in a profile, and a register map checked by its driver ({@code SensorDriverFactory.check}) with
 * every problem located at its key.
 */
class ModbusProfileTest {
    private final ProfileLoader loader = DriverRegistry.load().profileLoader();

    private static final String SOIL = """
            board: simulated
            buses:
              gpio: { kind: gpio }
              rs485: { kind: modbus, device: /dev/ttyUSB0, baud: 4800, parity: even, timeout: 300ms, retries: 1, de-line: 17 }
            sensors:
              - { id: soil0, compatible: "comwintop,cwt-soil-thc", bus: rs485, reg: 1 }
              - id: tank0
                compatible: fieldnode,modbus-registers
                bus: rs485
                reg: 2
                properties:
                  function: 4
                  water_level: { register: 0x0004, type: float32, word-order: little, unit: m }
                  temperature: { register: 0x0006, type: int16, scale: 0.1 }
            """;

    @Test
    void aModbusLine_isReadWithItsSettings_andSlavesShareIt() throws Exception {
        Profile p = loader.parse("soil.yaml", SOIL);

        BusConfig rs485 = p.buses().get("rs485");
        assertThat(rs485.device()).contains(Path.of("/dev/ttyUSB0"));
        assertThat(rs485.modbus().orElseThrow())
                .isEqualTo(new ModbusBusConfig(
                        new ModbusSettings(
                                new UartSettings(4800, 8, UartSettings.Parity.EVEN, 1), Duration.ofMillis(300), 1),
                        OptionalInt.of(17),
                        Optional.empty()));
        assertThat(p.sensors()).extracting(SensorConfig::address).containsExactly(1, 2);
        assertThat(p.sensors().get(1).properties())
                .containsEntry("water_level.register", "0x0004")
                .containsEntry("water_level.word-order", "little")
                .containsEntry("function", "4");
    }

    @Test
    void aRegisterMapProblem_isLocatedAtItsKey() {
        assertThat(problems(SOIL.replace("unit: m }", "unit: cm }")))
                .containsExactly(
                        "soil.yaml:13:81: sensors[1].properties.water_level.unit: water_level is measured in m (SenML);"
                                + " got 'cm': set scale to convert the device's unit");
        assertThat(problems(SOIL.replace("unit: m }", "unit: m }\n      pH: { register: 9 }")))
                .singleElement()
                .asString()
                .startsWith("soil.yaml:14:11: sensors[1].properties.pH: 'pH' is not a quantity of the vocabulary");
        assertThat(problems(SOIL.replace("type: int16, scale: 0.1", "type: int61, scale: 0.1")))
                .containsExactly("soil.yaml:14:46: sensors[1].properties.temperature.type: expected int16, uint16,"
                        + " int32, uint32 or float32, got 'int61'");
    }

    @Test
    void aSensorWithoutCompatible_isAProblem_notACrashOfTheDriverCheck() {
        // Found by ProfileFuzzTest: the driver check asked the set of known compatibles about null.
        assertThat(problems(SOIL.replace("compatible: \"comwintop,cwt-soil-thc\", ", "")))
                .singleElement()
                .asString()
                .contains("sensors[0].compatible: missing");
    }

    @Test
    void theSlaveId_is1To247() {
        assertThat(problems(SOIL.replace("bus: rs485, reg: 1 }", "bus: rs485, reg: 0 }")))
                .containsExactly("soil.yaml:6:73: sensors[0].reg: expected 1..247, got 0");
        assertThat(problems(SOIL.replace("bus: rs485, reg: 1 }", "bus: rs485 }")))
                .singleElement()
                .asString()
                .contains("sensors[0].reg: missing");
    }

    @Test
    void aLineWithoutItsDevice_andADriverEnableWithoutAGpioBus_areProblems() {
        String yaml = SOIL.replace("  gpio: { kind: gpio }\n", "").replace("device: /dev/ttyUSB0, ", "");

        assertThat(problems(yaml))
                .containsExactly(
                        "soil.yaml:3:10: buses.rs485.device: missing; a modbus bus needs the serial device of its"
                                + " RS-485 adapter, e.g. /dev/ttyUSB0 or /dev/serial0",
                        "soil.yaml:3:89: buses.rs485.de-line: the DE/RE line needs a gpio bus under buses, e.g."
                                + " gpio: { kind: gpio }");
    }

    private List<String> problems(String yaml) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.parse("soil.yaml", yaml));
        assertThat(e).as("problems in%n%s", yaml).isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }
}
