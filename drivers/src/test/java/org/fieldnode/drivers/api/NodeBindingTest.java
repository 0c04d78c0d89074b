// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeBindingTest {
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");

    @AfterEach
    void noLeaks() {
        i2c.assertNoOpenHandles();
    }

    @Test
    void checkAddress_namesRegAndThePartsAddresses_inTheShapeOfTheirDatasheets() {
        assertThatThrownBy(() -> NodeBinding.checkAddress(node(0x40), Set.of(0x4B, 0x48, 0x4A, 0x49), "a TMP117"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reg: a TMP117 answers at 0x48..0x4B, got 0x40");
        assertThatThrownBy(() -> NodeBinding.checkAddress(node(0x40), Set.of(0x5C, 0x23), "a BH1750"))
                .hasMessage("reg: a BH1750 answers at 0x23 or 0x5C, got 0x40");
        assertThatThrownBy(() -> NodeBinding.checkAddress(node(0x40), Set.of(0x68), "a DS3231"))
                .hasMessage("reg: a DS3231 answers at 0x68, got 0x40");
        assertThatThrownBy(() -> NodeBinding.checkAddress(node(0x40), Set.of(0x10, 0x12, 0x20), "a part"))
                .hasMessage("reg: a part answers at 0x10, 0x12 or 0x20, got 0x40");
        assertThatCode(() -> NodeBinding.checkAddress(node(0x49), Set.of(0x48, 0x49), "a TMP117"))
                .doesNotThrowAnyException();
    }

    @Test
    void openOwning_whenTheDriverSucceeds_leavesTheHandleToTheSensor() throws Exception {
        i2c.attach(0x76, new SimulatedBme280(new FakeSleeper()));
        RegisterBus bus = i2c.open("env0", 0x76);

        Sensor sensor = NodeBinding.openOwning(bus, b -> {
            b.readByte(0xD0); // the driver's identity probe
            return new Holding(b);
        });

        assertThat(i2c.openHandleCount()).isOne();
        sensor.close();
    }

    @Test
    void openOwning_whenTheDriverFails_closesTheHandleAndRethrows() {
        DeviceNotFoundException absent = new DeviceNotFoundException("env0", "chip id 0x58, expected 0x60");

        assertThatThrownBy(() -> NodeBinding.openOwning(i2c.open("env0", 0x76), b -> {
                    throw absent;
                }))
                .isSameAs(absent);
        assertThatThrownBy(() -> NodeBinding.openOwning(i2c.open("env0", 0x76), b -> {
                    throw new IllegalStateException("bug");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(i2c.openHandleCount()).isZero();
    }

    @Test
    void openOwning_whenClosingFailsToo_keepsTheDriversFailure_withTheOtherSuppressed() {
        IllegalStateException closing = new IllegalStateException("close failed");
        AutoCloseable handle = () -> {
            throw closing;
        };

        assertThatThrownBy(() -> NodeBinding.openOwning(handle, h -> {
                    throw new DeviceNotFoundException("env0", "absent");
                }))
                .isInstanceOf(DeviceNotFoundException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(closing));
    }

    private static SensorNode node(int address) {
        return new SensorNode("env0", "vendor,part", "i2c1", address, Map.of());
    }

    /** A sensor that owns its bus handle. */
    private record Holding(RegisterBus bus) implements Sensor {
        @Override
        public SensorInfo info() {
            return new SensorInfo("env0", "vendor,part", Set.of());
        }

        @Override
        public Measurement fetch() {
            return new Measurement(Map.of());
        }

        @Override
        public void close() {
            bus.close();
        }
    }
}
