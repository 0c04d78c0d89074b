// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.exception.Pi4JException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.junit.jupiter.api.Test;

class Pi4jSpiRegisterBusTest {
    private static final SensorInfo INFO =
            new SensorInfo("env0", "bosch,bme280", Bme280Settings.defaults().channels());

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final AtomicInteger releases = new AtomicInteger();

    @Test
    void read_setsBit7_andWrite_clearsIt_asDatasheetSection63Says() throws Exception {
        SimulatedBme280 chip = new SimulatedBme280(sleeper);
        SpiBme280FrontEnd spi = new SpiBme280FrontEnd(chip);
        try (Pi4jSpiRegisterBus bus = spiBus(spi)) {
            assertThat(bus.readByte(0xD0)).isEqualTo(0x60); // chip id
            bus.write(0xF4, 0x25);

            assertThat(spi.frames())
                    .satisfiesExactly(
                            read -> assertThat(read).containsExactly(0xD0, 0x00),
                            write -> assertThat(write).containsExactly(0x74, 0x25));
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void multiByteRead_isOneTransaction_withTheAddressOnce() throws Exception {
        SpiBme280FrontEnd spi = new SpiBme280FrontEnd(new SimulatedBme280(sleeper));
        try (Pi4jSpiRegisterBus bus = spiBus(spi)) {
            bus.read(0xF7, new byte[8]);
        }
        assertThat(spi.frames()).singleElement().satisfies(frame -> {
            assertThat(frame).hasSize(9);
            assertThat(frame[0] & 0xFF).isEqualTo(0xF7);
        });
    }

    @Test
    void bme280Driver_readsTheSameOverSpiAsOverI2c() throws Exception {
        SimulatedBme280 overI2c = new SimulatedBme280(sleeper);
        SimulatedBme280 overSpi = new SimulatedBme280(sleeper);
        overI2c.setRawAdc(415_148, 519_888, 0x7000);
        overSpi.setRawAdc(415_148, 519_888, 0x7000);
        SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
        i2c.attach(0x76, overI2c);

        Measurement viaI2c;
        try (Bmx280 sensor =
                Bmx280.open(Bmx280Model.BME280, INFO, i2c.open("env0", 0x76), Bme280Settings.defaults(), sleeper)) {
            viaI2c = sensor.fetch();
        }
        Measurement viaSpi;
        try (Bmx280 sensor = Bmx280.open(
                Bmx280Model.BME280, INFO, spiBus(new SpiBme280FrontEnd(overSpi)), Bme280Settings.defaults(), sleeper)) {
            viaSpi = sensor.fetch();
        }

        assertThat(viaSpi).isEqualTo(viaI2c);
        assertThat(viaSpi.values()).hasSize(3);
        assertThat(overSpi.violations()).isEmpty();
        assertThat(releases).hasValue(1);
    }

    @Test
    void absentChip_readsAsFloatingLines_andTheDriverSaysNotFound() {
        Pi4jSpiRegisterBus.Transfer nobody = (tx, rx) -> {
            java.util.Arrays.fill(rx, (byte) 0xFF);
            return tx.length;
        };

        assertThatThrownBy(
                        () -> Bmx280.open(Bmx280Model.BME280, INFO, spiBus(nobody), Bme280Settings.defaults(), sleeper))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("0xFF");
    }

    @Test
    void negativeCount_isABusException() {
        try (Pi4jSpiRegisterBus bus = spiBus((tx, rx) -> -1)) {
            assertThatThrownBy(() -> bus.readByte(0xD0))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("read of register 0xD0 at spi0 (/dev/spidev0.0)");
        }
    }

    @Test
    void thrownFailure_isMappedByErrno() {
        Pi4jSpiRegisterBus.Transfer busy = (tx, rx) -> {
            throw new Pi4JException("SPI", new IOException("Resource temporarily unavailable"));
        };
        try (Pi4jSpiRegisterBus bus = spiBus(busy)) {
            assertThatThrownBy(() -> bus.write(0xF4, 0x25))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void close_releasesOnce_andUseAfterCloseFails() {
        Pi4jSpiRegisterBus bus = spiBus(new SpiBme280FrontEnd(new SimulatedBme280(sleeper)));
        bus.close();
        bus.close();

        assertThat(releases).hasValue(1);
        assertThatThrownBy(() -> bus.readByte(0xD0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void arguments_areChecked() {
        try (Pi4jSpiRegisterBus bus = spiBus(new SpiBme280FrontEnd(new SimulatedBme280(sleeper)))) {
            assertThatThrownBy(() -> bus.write(0xF4, 0x100)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bus.read(0x100, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private Pi4jSpiRegisterBus spiBus(Pi4jSpiRegisterBus.Transfer transfer) {
        return new Pi4jSpiRegisterBus(transfer, "env0", "spi0 (/dev/spidev0.0)", releases::incrementAndGet);
    }
}
