// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.bus.pi4j.BoardBuses.I2cBus;
import org.fieldnode.drivers.bus.pi4j.BoardBuses.SpiDevice;
import org.junit.jupiter.api.Test;

class BoardBusesTest {
    @Test
    void raspberryPi_mapsProfileNamesToKernelDevices() {
        BoardBuses pi = BoardBuses.raspberryPi();

        assertThat(pi.i2cBus("i2c1").devicePath()).isEqualTo("/dev/i2c-1");
        assertThat(pi.spiDevice("spi0")).isEqualTo(new SpiDevice(0, 0, 1_000_000, 0));
        assertThat(pi.spiDevice("spi0").devicePath()).isEqualTo("/dev/spidev0.0");
        assertThat(pi.spiDevice("spi0.1").devicePath()).isEqualTo("/dev/spidev0.1");
        assertThat(pi.gpioChipLabels()).containsExactly("pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835");
    }

    @Test
    void unknownI2cName_namesTheBusAndListsWhatTheBoardHas() {
        assertThatThrownBy(() -> BoardBuses.raspberryPi().i2cBus("i2c3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bus 'i2c3': no I2C bus of that name; the board has I2C buses [i2c1],"
                        + " SPI devices [spi0, spi0.1] and GPIO buses [gpio]");
    }

    @Test
    void gpioBuses_areKnownByName_andTheirChipLabelsAreTriedFirst() {
        BoardBuses board = BoardBuses.builder()
                .i2c("i2c1", 1)
                .gpio("header")
                .gpio("rain", List.of("pinctrl-bcm2711"))
                .build();

        assertThat(BoardBuses.raspberryPi().gpioBus("gpio")).isEqualTo(BoardBuses.GpioBus.ANY_CHIP);
        assertThat(board.gpioBus("rain").accepts("pinctrl-bcm2711")).isTrue();
        assertThat(board.gpioBus("rain").accepts("pinctrl-rp1")).isFalse();
        assertThat(board.gpioBus("header").accepts("pinctrl-rp1")).isTrue();
        assertThat(board.gpioChipLabels()).containsExactly("pinctrl-bcm2711", "pinctrl-rp1", "pinctrl-bcm2835");
        assertThatThrownBy(() -> board.gpioBus("i2c1"))
                .hasMessage("bus 'i2c1': no GPIO bus of that name; it is an I2C bus");
        assertThatThrownBy(() -> BoardBuses.builder().i2c("x", 1).gpio("x").build())
                .hasMessage("buses.x: declared both as a GPIO bus and as an I2C bus");
    }

    @Test
    void spiNameUsedForI2c_saysWhatItIs() {
        assertThatThrownBy(() -> BoardBuses.raspberryPi().i2cBus("spi0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bus 'spi0': no I2C bus of that name; it is an SPI device");
        assertThatThrownBy(() -> BoardBuses.raspberryPi().spiDevice("i2c1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bus 'i2c1': no SPI device of that name; it is an I2C bus");
    }

    @Test
    void aNameDeclaredTwice_isRejected() {
        assertThatThrownBy(() -> new BoardBuses(
                        Map.of("bus0", new I2cBus(0)), Map.of("bus0", new SpiDevice(0, 0, 1_000_000, 0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buses.bus0: declared both as an I2C bus and as an SPI device");
    }

    @Test
    void invalidValues_areRejectedWithTheirRange() {
        assertThatThrownBy(() -> new I2cBus(-1)).hasMessage("I2C bus number must be >= 0, got -1");
        assertThatThrownBy(() -> new SpiDevice(0, 0, 1_000_000, 4)).hasMessage("SPI mode must be 0..3, got 4");
        assertThatThrownBy(() -> new SpiDevice(0, 0, 0, 0)).hasMessage("SPI clock must be > 0 Hz, got 0");
        assertThatThrownBy(() -> new SpiDevice(0, -1, 1_000_000, 0))
                .hasMessage("SPI bus and chip select must be >= 0, got 0.-1");
        assertThatThrownBy(() -> BoardBuses.builder().i2c(" ", 1).build())
                .hasMessage("buses: a bus name must not be blank");
    }

    @Test
    void builder_keepsCustomGpioLabels() {
        BoardBuses board = BoardBuses.builder()
                .i2c("i2c0", 0)
                .gpioChipLabels(List.of("gpio-mockup-A"))
                .build();

        assertThat(board.i2cBus("i2c0").number()).isZero();
        assertThat(board.gpioChipLabels()).containsExactly("gpio-mockup-A");
        assertThat(board.spi()).isEmpty();
    }
}
