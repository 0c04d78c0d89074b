// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every bus kind a profile may declare, with its keys, defaults and located errors. */
class ProfileBusKindsTest {
    private final ProfileLoader loader = new ProfileLoader(
            Set.of("bosch,bme280", "plantower,pms5003", "maxim,ds18b20", "aosong,dht22", "fieldnode,pulse-counter"));

    private static final String EVERY_KIND = """
            board: raspberry-pi-4
            buses:
              i2c1: { kind: i2c, bus: 1 }
              spi0: { kind: spi, bus: 0, chip-select: 1 }
              serial0: { kind: uart, device: /dev/serial0 }
              w1: { kind: onewire }
              iio: { kind: iio, root: /tmp/iio }
              header: { kind: gpio, chip-label: pinctrl-bcm2711 }
              rain: { kind: gpio, line: 17 }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
              - { id: air0, compatible: "plantower,pms5003", bus: serial0 }
              - { id: soil0, compatible: "maxim,ds18b20", bus: w1, properties: { rom: 28-0316a2797eff } }
              - { id: dht0, compatible: "aosong,dht22", bus: iio }
              - { id: wind0, compatible: "fieldnode,pulse-counter", bus: header, reg: 27 }
              - { id: rain0, compatible: "fieldnode,pulse-counter", bus: rain }
            """;

    @Test
    void everyKind_isRead_withItsKeysAndDefaults() throws Exception {
        Profile p = loader.parse("kit.yaml", EVERY_KIND);

        assertThat(p.buses().get("i2c1").number()).isEqualTo(1);
        assertThat(p.buses().get("spi0").chipSelect()).isEqualTo(1);
        assertThat(p.buses().get("serial0").device()).contains(Path.of("/dev/serial0"));
        assertThat(p.buses().get("w1").root()).contains(Path.of("/sys/bus/w1/devices"));
        assertThat(p.buses().get("iio").root()).contains(Path.of("/tmp/iio"));
        assertThat(p.buses().get("header").chipLabels()).isEqualTo(List.of("pinctrl-bcm2711"));
        assertThat(p.buses().get("rain").line()).isEqualTo(OptionalInt.of(17));
        assertThat(p.sensors())
                .extracting(SensorConfig::id, SensorConfig::address)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("env0", 0x76),
                        org.assertj.core.groups.Tuple.tuple("air0", 0),
                        org.assertj.core.groups.Tuple.tuple("soil0", 0),
                        org.assertj.core.groups.Tuple.tuple("dht0", 0),
                        org.assertj.core.groups.Tuple.tuple("wind0", 27),
                        org.assertj.core.groups.Tuple.tuple("rain0", 17));
    }

    private List<String> problems(String yaml) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.parse("kit.yaml", yaml));
        assertThat(e).as("profile problems").isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }

    @Test
    void aKeyOfAnotherKind_isUnknown_withASuggestion() {
        assertThat(problems("""
                        board: x
                        buses:
                          serial0: { kind: uart, devise: /dev/serial0 }
                        sensors: []
                        """))
                .containsExactly(
                        "kit.yaml:3:26: buses.serial0.devise: unknown key for a uart bus, did you mean device?"
                                + " (expected one of kind, device, simulated)",
                        "kit.yaml:3:12: buses.serial0.device: missing; a uart bus needs its serial device, e.g."
                                + " /dev/serial0");
    }

    @Test
    void aMisspeltKind_isSuggested() {
        assertThat(problems("""
                        board: x
                        buses:
                          w1: { kind: one-wire }
                        sensors: []
                        """))
                .containsExactly(
                        "kit.yaml:3:15: buses.w1.kind: expected one of gpio, i2c, iio, modbus, onewire, spi, uart,"
                                + " did you mean onewire?");
    }

    @Test
    void relativeRoots_andLinesOutOfRange_areRefused() {
        assertThat(problems("""
                        board: x
                        buses:
                          w1: { kind: onewire, root: sys/bus/w1/devices }
                          pins: { kind: gpio, line: 99 }
                        sensors: []
                        """))
                .containsExactly(
                        "kit.yaml:3:30: buses.w1.root: expected an absolute path such as /sys/bus/w1/devices, got"
                                + " 'sys/bus/w1/devices'",
                        "kit.yaml:4:29: buses.pins.line: expected 0..63, got 99");
    }

    @Test
    void aGpioSensorWithoutALine_isLocated() {
        assertThat(problems("""
                        board: x
                        buses:
                          pins: { kind: gpio }
                        sensors:
                          - { id: rain0, compatible: "fieldnode,pulse-counter", bus: pins }
                        """))
                .containsExactly("kit.yaml:5:5: sensors[0].reg: missing; the GPIO line offset of the sensor (0..63),"
                        + " or line: on bus pins");
    }

    @Test
    void twoSensorsOnOneUart_areRefused() {
        assertThat(problems("""
                        board: x
                        buses:
                          serial0: { kind: uart, simulated: true }
                        sensors:
                          - { id: air0, compatible: "plantower,pms5003", bus: serial0 }
                          - { id: air1, compatible: "plantower,pms5003", bus: serial0 }
                        """))
                .containsExactly("kit.yaml:6:55: sensors[1].bus: serial0 carries one device, and sensors[0] is on it"
                        + " already");
    }

    @Test
    void simulatedUart_needsNoDevice() throws Exception {
        Profile p = loader.parse("kit.yaml", """
                board: x
                buses:
                  serial0: { kind: uart, simulated: true }
                sensors:
                  - { id: air0, compatible: "plantower,pms5003", bus: serial0 }
                """);

        assertThat(p.buses().get("serial0").device()).isEmpty();
        assertThat(p.buses().get("serial0").simulated()).isTrue();
    }
}
