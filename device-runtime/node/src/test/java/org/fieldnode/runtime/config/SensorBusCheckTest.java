// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 2 and issue 14 item 3: a sensor its driver could not open is a located problem of the profile —
 * the wrong kind of bus, an address the part never answers at, a second sensor on one device — not a re-open loop
 * once the node runs. Checked with the catalogue's own declarations, as {@code profile check} and {@code run} do.
 */
class SensorBusCheckTest {
    private final ProfileLoader loader = DriverRegistry.load().profileLoader();

    private List<String> problems(String yaml) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.parse("kit.yaml", yaml));
        assertThat(e).as("profile problems").isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }

    @Test
    void aBme280AtAnAddressItNeverAnswersAt_namesTheAddressesItDoes() {
        assertThat(problems("""
                        board: simulated
                        buses: { i2c1: { kind: i2c, simulated: true } }
                        sensors:
                          - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x48 }
                        """))
                .containsExactly("kit.yaml:4:61: sensors[0].reg: bosch,bme280 answers at 0x76 or 0x77, got 0x48");
    }

    @Test
    void aDisabledSensor_isCheckedToo_soThatEnablingItLaterCannotFail() {
        assertThat(problems("""
                        board: simulated
                        buses: { i2c1: { kind: i2c, simulated: true } }
                        sensors:
                          - { id: rh0, compatible: "sensirion,sht3x", bus: i2c1, reg: 0x40, status: disabled }
                        """))
                .containsExactly("kit.yaml:4:63: sensors[0].reg: sensirion,sht3x answers at 0x44 or 0x45, got 0x40");
    }

    @Test
    void aSensorOnABusKindItsDriverDoesNotOpen_namesTheKindsItDoes() {
        assertThat(problems("""
                        board: simulated
                        buses:
                          i2c1: { kind: i2c, simulated: true }
                          serial0: { kind: uart, simulated: true }
                        sensors:
                          - { id: env0, compatible: "bosch,bme280", bus: serial0 }
                          - { id: pm0, compatible: "plantower,pms5003", bus: i2c1, reg: 0x12 }
                        """))
                .containsExactly(
                        "kit.yaml:6:50: sensors[0].bus: bosch,bme280 works on i2c and spi buses, not on serial0 (kind:"
                                + " uart)",
                        "kit.yaml:7:54: sensors[1].bus: plantower,pms5003 works on uart buses, not on i2c1 (kind: i2c)");
    }

    @Test
    void aBme280OnSpi_needsNoReg_andLoads() throws Exception {
        Profile p = loader.parse("kit.yaml", """
                board: x
                buses: { spi0: { kind: spi, bus: 0, chip-select: 1 } }
                sensors:
                  - { id: env1, compatible: "bosch,bme280", bus: spi0 }
                """);

        assertThat(p.sensors()).singleElement().extracting(SensorConfig::bus).isEqualTo("spi0");
    }

    @Test
    void oneWireProbes_areToldApartByRomId_notByReg() throws Exception {
        String twoProbes = """
                board: x
                buses: { w1: { kind: onewire } }
                sensors:
                  - { id: soil0, compatible: "maxim,ds18b20", bus: w1, properties: { rom: 28-0316a2797eff } }
                  - { id: soil1, compatible: "maxim,ds18b20", bus: w1, properties: { rom: 28-0316a2797e00 } }
                """;
        assertThat(loader.parse("kit.yaml", twoProbes).sensors()).hasSize(2);

        assertThat(problems("""
                        board: x
                        buses: { w1: { kind: onewire } }
                        sensors:
                          - { id: soil0, compatible: "maxim,ds18b20", bus: w1, properties: { rom: 28-0316a2797eff } }
                          - { id: soil1, compatible: "maxim,ds18b20", bus: w1, properties: { rom: 28-0316A2797EFF } }
                        """))
                .containsExactly("kit.yaml:5:75: sensors[1].properties.rom: probe 28-0316A2797EFF on w1 is already"
                        + " read by sensors[0]");
        assertThat(problems("""
                        board: x
                        buses: { w1: { kind: onewire } }
                        sensors:
                          - { id: soil0, compatible: "maxim,ds18b20", bus: w1 }
                          - { id: soil1, compatible: "maxim,ds18b20", bus: w1 }
                        """))
                .containsExactly("kit.yaml:5:52: sensors[1].bus: sensors[0] reads the only probe of w1 without"
                        + " properties.rom, and so does sensors[1]: give each sensor its probe's ROM id, e.g. rom:"
                        + " 28-0316a2797eff");
    }

    @Test
    void oneLinuxBusThroughTwoProfileBuses_isStillOneBus() {
        assertThat(problems("""
                        board: x
                        buses:
                          i2c1: { kind: i2c, bus: 1 }
                          sensors-bus: { kind: i2c, bus: 1 }
                          spi-a: { kind: spi, bus: 0, chip-select: 0 }
                          spi-b: { kind: spi, bus: 0 }
                        sensors:
                          - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                          - { id: env1, compatible: "bosch,bme280", bus: sensors-bus, reg: 0x76 }
                          - { id: env2, compatible: "bosch,bme280", bus: spi-a }
                          - { id: env3, compatible: "bosch,bmp280", bus: spi-b }
                        """))
                .containsExactly(
                        "kit.yaml:9:68: sensors[1].reg: address 0x76 on sensors-bus is already taken by sensors[0] on"
                                + " i2c1 (both are /dev/i2c-1)",
                        "kit.yaml:11:50: sensors[3].bus: spi-b carries one device, and sensors[2] is on it already"
                                + " through spi-a (both are /dev/spidev0.0)");
    }

    @Test
    void aLoaderThatKnowsDriversByNameOnly_checksNeitherKindsNorAddresses() throws Exception {
        ProfileLoader byName = new ProfileLoader(Set.of("bosch,bme280"));

        Profile p = byName.parse("kit.yaml", """
                board: simulated
                buses: { serial0: { kind: uart, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: serial0 }
                """);

        assertThat(p.sensors()).hasSize(1);
    }
}
