// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import org.fieldnode.drivers.api.DeviceException;

/**
 * Opens device handles on the buses a hardware profile names. Real implementations sit on Pi4J or Linux device
 * files; {@code org.fieldnode.drivers.sim.SimulatedBusProvider} serves simulated chips.
 */
public interface BusProvider extends AutoCloseable {
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

    /** Releases everything this provider opened. Never throws. */
    @Override
    void close();
}
