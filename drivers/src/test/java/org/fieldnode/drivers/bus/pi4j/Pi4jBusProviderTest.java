// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.pi4j.GpioChipLocator.GpioChip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Pi4jBusProvider}'s own work, on Pi4J's mock plugin: the context it builds, how profile names become Pi4J
 * configurations, and that closing handles and the provider releases every Pi4J I/O. The mock I2C is a FIFO per
 * register, not a chip, so chip behaviour is tested elsewhere on simulators; here it only shows that bytes pass
 * through our adapter unchanged and that Pi4J's "-1" return becomes an exception.
 */
class Pi4jBusProviderTest {
    private final Pi4jBusProvider mock = Pi4jBusProvider.withProviders(
            BoardBuses.raspberryPi(), MockI2CProvider.newInstance(), MockSpiProvider.newInstance());

    @AfterEach
    void closeProvider() {
        mock.close();
    }

    @Test
    void openI2c_createsOnePi4jDeviceOnTheProfilesBusAndAddress() throws Exception {
        try (RegisterBus bus = mock.openI2cRegisters("i2c1", 0x76, "env0")) {
            assertThat(mock.context().registry().allByType(I2C.class).values())
                    .singleElement()
                    .satisfies(i2c -> {
                        assertThat(i2c.bus()).isEqualTo(1);
                        assertThat(i2c.device()).isEqualTo(0x76);
                        assertThat(i2c.name()).isEqualTo("env0");
                        assertThat(i2c.provider().id()).isEqualTo("mock-i2c");
                    });
            assertThat(bus).hasToString("I2C registers of env0 at 0x76 on i2c1 (/dev/i2c-1)");
        }
    }

    @Test
    void registerBytes_passThroughTheAdapterUnchanged() throws Exception {
        try (RegisterBus bus = mock.openI2cRegisters("i2c1", 0x76, "env0")) {
            bus.write(0xF4, 0x25);
            bus.write(0xF4, 0xB6);

            assertThat(bus.readByte(0xF4)).isEqualTo(0x25);
            assertThat(bus.readByte(0xF4)).isEqualTo(0xB6);
        }
    }

    @Test
    void blockWrite_sendsRegisterThenEveryByteInOneTransfer() throws Exception {
        try (RegisterBus bus = mock.openI2cRegisters("i2c1", 0x48, "adc0")) {
            bus.write(0x01, new byte[] {(byte) 0xC3, (byte) 0x83});

            byte[] back = new byte[2];
            bus.read(0x01, back);
            assertThat(back).containsExactly(0xC3, 0x83);
        }
    }

    @Test
    void rawI2cBytes_passThroughTheAdapterUnchanged_andCloseReleasesTheDevice() throws Exception {
        I2cDevice device = mock.openI2c("i2c1", 0x44, "rh0");
        // The mock I2C is a FIFO: what is written is what a later read returns.
        device.write(new byte[] {0x24, 0x00});
        byte[] reply = new byte[2];
        device.read(reply);

        assertThat(reply).containsExactly(0x24, 0x00);
        assertThat(mock.context().registry().allByType(I2C.class)).hasSize(1);
        device.close();
        device.close();
        assertThat(mock.context().registry().all()).isEmpty();
        assertThat(mock.openHandleCount()).isZero();
    }

    @Test
    void pi4jNegativeReturn_becomesATransientBusException() throws Exception {
        try (RegisterBus bus = mock.openI2cRegisters("i2c1", 0x76, "env0")) {
            // The mock has nothing queued for 0xD0 and returns -1 instead of throwing.
            assertThatThrownBy(() -> bus.readByte(0xD0))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessage("env0: read of register 0xD0 at 0x76 on i2c1 (/dev/i2c-1): Pi4J returned -1");
        }
    }

    @Test
    void closingAHandle_removesItsPi4jDevice_soTheSensorCanBeReopened() throws Exception {
        RegisterBus first = mock.openI2cRegisters("i2c1", 0x76, "env0");
        first.close();
        first.close();

        assertThat(mock.context().registry().all()).isEmpty();
        assertThat(mock.openHandleCount()).isZero();
        try (RegisterBus again = mock.openI2cRegisters("i2c1", 0x76, "env0")) {
            assertThat(mock.context().registry().all()).hasSize(1);
            assertThatThrownBy(() -> first.readByte(0xD0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sameSensorOpenedTwice_getsTwoDevices() throws Exception {
        try (RegisterBus a = mock.openI2cRegisters("i2c1", 0x76, "env0");
                RegisterBus b = mock.openI2cRegisters("i2c1", 0x76, "env0")) {
            assertThat(mock.context().registry().all()).hasSize(2);
            assertThat(mock.openHandleCount()).isEqualTo(2);
        }
    }

    @Test
    void openSpi_usesTheProfilesBusChipSelectClockAndMode() throws Exception {
        BoardBuses board = BoardBuses.builder()
                .spi("env-spi", new BoardBuses.SpiDevice(0, 1, 2_000_000, 3))
                .build();
        try (Pi4jBusProvider provider = Pi4jBusProvider.withProviders(board, MockSpiProvider.newInstance());
                RegisterBus bus = provider.openSpiRegisters("env-spi", "env1")) {
            assertThat(provider.context().registry().allByType(Spi.class).values())
                    .singleElement()
                    .satisfies(spi -> {
                        assertThat(spi.config().bus().getBus()).isZero();
                        assertThat(spi.config().chipSelect()).isEqualTo(SpiChipSelect.CS_1);
                        assertThat(spi.config().baud()).isEqualTo(2_000_000);
                        assertThat(spi.config().mode()).isEqualTo(SpiMode.MODE_3);
                        assertThat(spi.provider().id()).isEqualTo("mock-spi");
                    });
            bus.write(0xF4, 0x25); // the mock SPI accepts any frame
        }
    }

    @Test
    void busKind_tellsTheBoardsI2cAndSpiBusesApart_soThatBoschDriversPickTheirFraming() {
        assertThat(mock.busKind("i2c1")).contains(BusKind.I2C);
        assertThat(mock.busKind("spi0")).contains(BusKind.SPI);
        assertThat(mock.busKind("nowhere")).isEmpty();
    }

    @Test
    void unknownBusNames_throwIllegalArgumentNamingTheBus() {
        assertThatThrownBy(() -> mock.openI2cRegisters("i2c7", 0x76, "env0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bus 'i2c7': no I2C bus of that name");
        assertThatThrownBy(() -> mock.openSpiRegisters("i2c1", "env0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bus 'i2c1': no SPI device of that name; it is an I2C bus");
        assertThatThrownBy(() -> mock.openI2cRegisters("i2c1", 0x80, "env0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reg: not a 7-bit I2C address: 0x80");
        assertThat(mock.openHandleCount()).isZero();
    }

    @Test
    void close_shutsTheContextDown_releasingHandlesLeftOpen() throws Exception {
        RegisterBus leaked = mock.openI2cRegisters("i2c1", 0x76, "env0");
        mock.openSpiRegisters("spi0", "env1");
        Context context = mock.context();

        mock.close();
        mock.close();

        assertThat(context.isShutdown()).isTrue();
        assertThat(context.registry().all()).isEmpty();
        assertThat(mock.openHandleCount()).isZero();
        leaked.close(); // harmless after the provider went
        assertThatThrownBy(() -> mock.openI2cRegisters("i2c1", 0x76, "env0")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void realProviders_areExactlyLinuxfsAndGpiod_onTheChipFoundByLabel(@TempDir Path sys) throws IOException {
        Path device = Files.createDirectories(sys.resolve("sys/devices/platform/soc/fe200000.gpio/gpiochip0"));
        Path entry = Files.createDirectories(sys.resolve("sys/class/gpio/gpiochip512"));
        Files.writeString(entry.resolve("label"), "pinctrl-bcm2711\n");
        Files.createSymbolicLink(entry.resolve("device"), entry.relativize(device));

        try (Pi4jBusProvider real = Pi4jBusProvider.open(BoardBuses.raspberryPi(), new GpioChipLocator(sys))) {
            // The mock plugin is on this class path too: without noAutoDetect() Pi4J would have loaded it.
            assertThat(real.context().providers().all().keySet())
                    .containsExactlyInAnyOrder(
                            "linuxfs-i2c", "linuxfs-spi", "gpiod-digital-input", "gpiod-digital-output");
            assertThat(real.context().platforms().all()).isEmpty();
            assertThat(real.context().properties().get("gpio.chip.name")).isEqualTo("gpiochip0");
            assertThat(real.gpioChip()).contains(new GpioChip("gpiochip0", "pinctrl-bcm2711"));
        }
    }

    @Test
    void withoutALabelledGpioChip_i2cAndSpiStillWork_andGpioIsLeftOut(@TempDir Path emptySys) {
        try (Pi4jBusProvider real = Pi4jBusProvider.open(BoardBuses.raspberryPi(), new GpioChipLocator(emptySys))) {
            assertThat(real.context().providers().all().keySet())
                    .containsExactlyInAnyOrder("linuxfs-i2c", "linuxfs-spi");
            assertThat(real.gpioChip()).isEmpty();
        }
    }

    @Test
    void realI2c_onAMachineWithoutTheBus_isAPermanentBusExceptionNamingTheDevice(@TempDir Path emptySys) {
        assumeThat(Path.of("/sys/bus/i2c/devices/i2c-1")).doesNotExist();
        try (Pi4jBusProvider real = Pi4jBusProvider.open(BoardBuses.raspberryPi(), new GpioChipLocator(emptySys))) {
            assertThatThrownBy(() -> real.openI2cRegisters("i2c1", 0x76, "env0"))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageStartingWith("env0: cannot open 0x76 on i2c1 (/dev/i2c-1)");
            assertThat(real.openHandleCount()).isZero();
            assertThat(real.context().registry().all()).isEmpty();
        }
    }
}
