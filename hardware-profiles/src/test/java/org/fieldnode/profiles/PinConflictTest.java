// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;

/** A kit checked against its board's header: each conflict is one located problem that says what to do. */
class PinConflictTest {
    private static final ProfileLoader LOADER = DriverRegistry.load().profileLoader();

    private static List<String> problems(String yaml) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> LOADER.parse("kit.yaml", yaml));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }

    @Test
    void twoSensorsOnOneGpioLine_throughTwoBuses() {
        assertThat(problems("""
                        board: raspberrypi,4b
                        buses:
                          rain: { kind: gpio, line: 17 }
                          wind: { kind: gpio, line: 17 }
                        sensors:
                          - { id: rain0, compatible: "fieldnode,pulse-counter", bus: rain, properties: { mm-per-pulse: 0.2794 } }
                          - { id: wind0, compatible: "fieldnode,pulse-counter", bus: wind, properties: { ms-per-hz: 0.667 } }
                        """))
                .containsExactly(
                        "kit.yaml:7:62: sensors[1].bus: GPIO 17, pin 11 (GPIO 17, SPI1_CE1), is already used by"
                                + " sensors[0] on bus rain");
    }

    @Test
    void twoSensorsOnOneI2cAddress() {
        assertThat(problems("""
                        board: raspberrypi,4b
                        buses: { i2c1: { kind: i2c, bus: 1 } }
                        sensors:
                          - { id: power0, compatible: "ti,ina219", bus: i2c1, reg: 0x40 }
                          - { id: power1, compatible: "ti,ina219", bus: i2c1, reg: 0x40 }
                        """))
                .containsExactly("kit.yaml:5:60: sensors[1].reg: address 0x40 on i2c1 is already taken by sensors[0]");
    }

    @Test
    void sensorOnALineTheI2cBusUses_namesThePinAndFreeLines() {
        assertThat(problems("""
                        board: raspberrypi,4b
                        buses:
                          i2c1: { kind: i2c, bus: 1 }
                          rain: { kind: gpio, line: 3 }
                        sensors:
                          - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                          - { id: rain0, compatible: "fieldnode,pulse-counter", bus: rain, properties: { mm-per-pulse: 0.2794 } }
                        """))
                .containsExactly("kit.yaml:7:62: sensors[1].bus: GPIO 3, pin 5 (GPIO 3, SCL1/I2C1_SCL), is taken by bus"
                        + " i2c1 (/dev/i2c-1) of this profile; free lines: GPIO 4 (pin 7), GPIO 5 (pin 29), GPIO 6 (pin"
                        + " 31), GPIO 7 (pin 26)");
    }

    @Test
    void sensorOnTheUartLines_whileTheUartIsInUse() {
        assertThat(problems("""
                        board: raspberrypi,zero-2-w
                        buses:
                          serial0: { kind: uart, device: /dev/serial0 }
                          header: { kind: gpio }
                        sensors:
                          - { id: level0, compatible: "dfrobot,a02yyuw", bus: serial0, properties: { mount-height-m: 2 } }
                          - { id: rain0, compatible: "fieldnode,pulse-counter", bus: header, reg: 14, properties: { mm-per-pulse: 0.2794 } }
                        """))
                .singleElement()
                .asString()
                .startsWith("kit.yaml:7:75: sensors[1].reg: GPIO 14, pin 8 (GPIO 14, TXD0/UART0_TX), is taken by bus"
                        + " serial0 (/dev/serial0)");
    }

    @Test
    void oneWireAndI2c3_wantTheSameLine() {
        assertThat(problems("""
                        board: raspberrypi,4b
                        buses:
                          w1: { kind: onewire }
                          i2c3: { kind: i2c, bus: 3 }
                        sensors:
                          - { id: soiltemp0, compatible: "maxim,ds18b20", bus: w1 }
                          - { id: env0, compatible: "bosch,bme280", bus: i2c3, reg: 0x76 }
                        """))
                .containsExactly("kit.yaml:4:27: buses.i2c3.bus: bus i2c3 (/dev/i2c-3) needs pin 7 (GPIO 4, GPCLK0/W1"
                        + " (default)/SDA3/TXD3), which bus w1 (1-Wire, dtoverlay=w1-gpio) already takes");
    }

    @Test
    void busTheBoardCannotCarry_andAForeignChipLabel() {
        assertThat(problems("""
                        board: raspberrypi,zero-2-w
                        buses:
                          i2c3: { kind: i2c, bus: 3 }
                          header: { kind: gpio, chip-label: pinctrl-bcm2711 }
                        sensors:
                          - { id: env0, compatible: "bosch,bme280", bus: i2c3, reg: 0x76 }
                          - { id: rain0, compatible: "fieldnode,pulse-counter", bus: header, reg: 40, properties: { mm-per-pulse: 0.2794 } }
                        """))
                .containsExactly(
                        "kit.yaml:3:27: buses.i2c3.bus: Raspberry Pi Zero 2 W has no I2C bus 3; it has /dev/i2c-1"
                                + " (dtparam=i2c_arm=on), /dev/i2c-0 (dtparam=i2c_vc=on)",
                        "kit.yaml:4:37: buses.header.chip-label: Raspberry Pi Zero 2 W drives its header with gpiochip"
                                + " 'pinctrl-bcm2835', not 'pinctrl-bcm2711'",
                        "kit.yaml:7:75: sensors[1].reg: GPIO 40 is not on the Raspberry Pi Zero 2 W header; free lines:"
                                + " GPIO 4 (pin 7), GPIO 5 (pin 29), GPIO 6 (pin 31), GPIO 7 (pin 26)");
    }

    @Test
    void misspeltBoard_getsASuggestion() {
        assertThat(problems("""
                        board: raspberrypi,4
                        buses: { i2c1: { kind: i2c, bus: 1 } }
                        sensors:
                          - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                        """))
                .singleElement()
                .asString()
                .startsWith("kit.yaml:1:8: board: unknown board 'raspberrypi,4', did you mean raspberrypi,4b? (known:");
    }

    @Test
    void disabledSensor_takesNoLine() throws Exception {
        Profile profile = LOADER.parse("kit.yaml", """
                board: raspberrypi,4b
                buses:
                  rain: { kind: gpio, line: 17 }
                  wind: { kind: gpio, line: 17 }
                sensors:
                  - { id: rain0, compatible: "fieldnode,pulse-counter", bus: rain, properties: { mm-per-pulse: 0.2794 } }
                  - { id: wind0, compatible: "fieldnode,pulse-counter", bus: wind, status: disabled, properties: { ms-per-hz: 0.667 } }
                """);

        assertThat(profile.enabledSensors()).hasSize(1);
    }
}
