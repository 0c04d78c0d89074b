// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.junit.jupiter.api.Test;

class Bmx280TrimmingTest {
    @Test
    void parse_readsTable16Layout_includingSignedTwelveBitH4AndH5() {
        byte[] first = new byte[26];
        first[0] = 0x70; // dig_T1 = 0x6B70 = 27504
        first[1] = 0x6B;
        first[2] = 0x18; // dig_T2 = 0xFC18 = -1000
        first[3] = (byte) 0xFC;
        first[25] = 0x4B; // dig_H1 = 75
        byte[] second = {
            (byte) 0x96,
            0x01, // dig_H2 = 0x0196 = 406
            (byte) 0xC8, // dig_H3 = 200, unsigned
            (byte) 0xF6, // dig_H4 [11:4]
            (byte) 0xA3, // dig_H5 [3:0] = 0xA, dig_H4 [3:0] = 0x3
            (byte) 0xFD, // dig_H5 [11:4]
            (byte) 0xE2 // dig_H6 = -30
        };

        Bmx280Trimming c = Bmx280Trimming.parse(first, second);

        assertThat(c.digT1()).isEqualTo(27504);
        assertThat(c.digT2()).isEqualTo(-1000);
        assertThat(c.digH1()).isEqualTo(75);
        assertThat(c.digH2()).isEqualTo(406);
        assertThat(c.digH3()).isEqualTo(200);
        assertThat(c.digH4()).isEqualTo(0xF63 - 0x1000); // -157
        assertThat(c.digH5()).isEqualTo(0xFDA - 0x1000); // -38
        assertThat(c.digH6()).isEqualTo(-30);
    }

    @Test
    void parse_ofSimulatorImage_givesBackEveryParameter() {
        Bmx280Trimming t = new Bmx280Trimming(
                65535, -32768, 32767, 1, -2, 3, -4, 5, -6, 7, -8, 9, 255, -300, 255, -2048, 2047, -128);
        SimulatedBme280 chip = new SimulatedBme280(t, new FakeSleeper());
        byte[] first = new byte[26];
        byte[] second = new byte[7];
        chip.read(Bmx280Registers.REG_CALIB_00, first);
        chip.read(Bmx280Registers.REG_CALIB_26, second);

        Bmx280Trimming c = Bmx280Trimming.parse(first, second);

        assertThat(c)
                .isEqualTo(new Bmx280Trimming(
                        65535, -32768, 32767, 1, -2, 3, -4, 5, -6, 7, -8, 9, 255, -300, 255, -2048, 2047, -128));
        assertThat(chip.violations()).isEmpty();
    }
}
