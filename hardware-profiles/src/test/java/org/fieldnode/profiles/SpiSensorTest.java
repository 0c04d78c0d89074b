// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;

/** The integrator's guide's SPI example: a Bosch sensor on SPI bus 0, chip select 0, of a Raspberry Pi header. */
class SpiSensorTest {
    private static final ProfileLoader LOADER = DriverRegistry.load().profileLoader();

    private static final String KIT = """
            board: raspberrypi,4b
            buses:
              i2c1: { kind: i2c, bus: 1 }
              spi0: { kind: spi, bus: 0, chip-select: 0 }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
              - { id: env1, compatible: "bosch,bme280", bus: spi0 }
            """;

    @Test
    void aBme280OnSpi0_loadsAgainstTheBoardsHeader_withoutReg() throws Exception {
        Profile profile = LOADER.parse("kit.yaml", KIT);

        SensorConfig env1 = profile.sensors().get(1);
        assertThat(env1.bus()).isEqualTo("spi0");
        assertThat(profile.buses().get("spi0").kind()).isEqualTo("spi");
        assertThat(profile.buses().get("spi0").chipSelect()).isZero();
    }

    @Test
    void aSecondSensorOnTheSameChipSelect_isRefused() {
        ProfileException e = catchThrowableOfType(
                ProfileException.class,
                () -> LOADER.parse("kit.yaml", KIT + "  - { id: baro0, compatible: \"bosch,bmp280\", bus: spi0 }\n"));

        assertThat(e.problems())
                .extracting(ProfileProblem::toString)
                .singleElement()
                .asString()
                .contains("sensors[2].bus", "spi0 carries one device");
    }
}
