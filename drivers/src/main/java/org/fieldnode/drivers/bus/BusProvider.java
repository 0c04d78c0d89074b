// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.time.Duration;
import java.util.Optional;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.DeviceException;

/**
 * Opens device handles on the buses a hardware profile names. Real implementations sit on Pi4J or Linux device
 * files; {@code org.fieldnode.drivers.sim.SimulatedBusProvider} serves simulated chips.
 */
public interface BusProvider extends AutoCloseable {
    /**
     * The kind of the bus named {@code bus} in the profile, when this provider knows it; empty when it does not (or
     * has no such bus). Drivers that run on more than one kind of bus ask it to choose how to open their chip, e.g.
     * the Bosch sensors over I2C or SPI; on an empty answer they take the kind their factory declares.
     */
    default Optional<BusKind> busKind(String bus) {
        return Optional.empty();
    }

    /**
     * Opens register access to the device at {@code address} on the I2C bus named {@code bus} in the profile.
     *
     * @param sensorId the profile id of the sensor, used in error messages
     * @throws IllegalArgumentException when the profile names no such I2C bus
     */
    RegisterBus openI2cRegisters(String bus, int address, String sensorId) throws DeviceException;

    /**
     * Opens raw access to the device at {@code address} on the I2C bus named {@code bus}, for command-based chips.
     *
     * @param sensorId the profile id of the sensor, used in error messages
     * @throws IllegalArgumentException when the profile names no such I2C bus
     */
    I2cDevice openI2c(String bus, int address, String sensorId) throws DeviceException;

    /**
     * Opens register access to the device on the SPI bus and chip select named {@code bus} in the profile (e.g.
     * {@code spi0} for {@code /dev/spidev0.0}). Register reads send the address with bit 7 set, register writes with
     * bit 7 clear, as on the Bosch sensors' SPI interface (BME280 datasheet §6.3). Providers without SPI buses
     * keep this default.
     *
     * @param sensorId the profile id of the sensor, used in error messages
     * @throws IllegalArgumentException when the profile names no such SPI bus
     */
    default RegisterBus openSpiRegisters(String bus, String sensorId) throws DeviceException {
        throw new IllegalArgumentException("no SPI bus named '%s': this bus provider has no SPI buses".formatted(bus));
    }

    /**
     * Opens the serial port named {@code bus} in the profile (e.g. {@code serial0}). The port is not configured
     * yet: drivers call {@link UartPort#configure} first.
     *
     * @throws IllegalArgumentException when the profile names no such UART, or this provider has none
     */
    default UartPort openUart(String bus, String sensorId) throws DeviceException {
        throw new IllegalArgumentException("%s: no UART named '%s' on this bus provider".formatted(sensorId, bus));
    }

    /**
     * Opens the 1-Wire line named {@code bus} in the profile (e.g. {@code w1}).
     *
     * @throws IllegalArgumentException when the profile names no such line, or this provider has none
     */
    default OneWireBus openOneWire(String bus, String sensorId) throws DeviceException {
        throw new IllegalArgumentException(
                "%s: no 1-Wire line named '%s' on this bus provider".formatted(sensorId, bus));
    }

    /**
     * Opens the IIO device whose kernel {@code name} is {@code deviceName} among the IIO devices of {@code bus}.
     *
     * @throws org.fieldnode.drivers.api.DeviceNotFoundException when no device of that name is present
     * @throws IllegalArgumentException when the profile names no such IIO bus, or this provider has none
     */
    default IioDevice openIio(String bus, String deviceName, String sensorId) throws DeviceException {
        throw new IllegalArgumentException("%s: no IIO bus named '%s' on this bus provider".formatted(sensorId, bus));
    }

    /**
     * Opens line {@code line} of the GPIO chip named {@code bus} as an input whose edges are debounced by
     * {@code debounce} (an edge sooner than that after the previous accepted edge is dropped).
     *
     * @throws IllegalArgumentException when the profile names no such GPIO chip, or this provider has none
     */
    default GpioLine openGpioInput(String bus, int line, Duration debounce, String sensorId) throws DeviceException {
        throw new IllegalArgumentException("%s: no GPIO chip named '%s' on this bus provider".formatted(sensorId, bus));
    }

    /**
     * Opens line {@code line} of the GPIO chip named {@code bus} as an input biased by {@code pull}, with edges
     * debounced as by {@link #openGpioInput(String, int, Duration, String)}. Providers that cannot bias a line keep
     * this default, which ignores {@code pull}: the simulated lines idle high as on a pull-up.
     *
     * @throws IllegalArgumentException when the profile names no such GPIO chip, or this provider has none
     */
    default GpioLine openGpioInput(String bus, int line, Duration debounce, GpioLine.Pull pull, String sensorId)
            throws DeviceException {
        return openGpioInput(bus, line, debounce, sensorId);
    }

    /**
     * Opens line {@code line} of the GPIO chip named {@code bus} as an output driven to {@code initialHigh}.
     *
     * @throws IllegalArgumentException when the profile names no such GPIO chip, or this provider has none
     */
    default GpioLine openGpioOutput(String bus, int line, boolean initialHigh, String sensorId) throws DeviceException {
        throw new IllegalArgumentException("%s: no GPIO chip named '%s' on this bus provider".formatted(sensorId, bus));
    }

    /**
     * Opens slave {@code slave} (1..247) on the Modbus RTU line named {@code bus} in the profile. Slaves on one line
     * share its serial port: their handles take turns, one transaction at a time.
     *
     * @throws IllegalArgumentException when the profile names no such Modbus line, or this provider has none
     */
    default ModbusDevice openModbus(String bus, int slave, String sensorId) throws DeviceException {
        throw new IllegalArgumentException(
                "%s: no Modbus line named '%s' on this bus provider".formatted(sensorId, bus));
    }

    /** Releases everything this provider opened. Never throws. */
    @Override
    void close();
}
