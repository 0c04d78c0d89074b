// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;

/** Scaling as a device manual means it: in decimal, so a reading carries no binary noise into the exports. */
class RegisterSpecTest {
    @Test
    void tenthsScaleToTheDecimalValue() {
        RegisterSpec wind = RegisterSpec.holding(Channel.WIND_SPEED, 0, RegisterType.UINT16, 0.1);

        assertThat(wind.value(new int[] {34}, 0)).isEqualTo(3.4);
        assertThat(wind.value(new int[] {7}, 0)).isEqualTo(0.7);
        assertThat(wind.value(new int[] {65535}, 0)).isEqualTo(6553.5);
    }

    @Test
    void signedValueWithOffset() {
        RegisterSpec temperature = new RegisterSpec(
                Channel.AMBIENT_TEMPERATURE, 4, 2, RegisterType.INT16, RegisterType.WordOrder.BIG, 0.01, -40);

        assertThat(temperature.value(new int[] {0, 0, 0xFFFF}, 0)).isEqualTo(-40.01);
        assertThat(temperature.value(new int[] {6530}, 2)).isEqualTo(25.3);
    }

    @Test
    void aFloatRegisterHoldingNaNStaysNaN() {
        RegisterSpec power = new RegisterSpec(
                Channel.AMBIENT_TEMPERATURE, 4, 0, RegisterType.FLOAT32, RegisterType.WordOrder.BIG, 1, 0);
        int bits = Float.floatToIntBits(Float.NaN);

        assertThat(power.value(new int[] {bits >>> 16, bits & 0xFFFF}, 0)).isNaN();
    }
}
