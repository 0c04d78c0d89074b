// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

/**
 * The kind of bus a driver talks over, named as a hardware profile's {@code buses.<name>.kind} names it. Tools use
 * it to list drivers ({@code fieldnode drivers}), to choose a capture format for offline replay and to write profile
 * snippets.
 */
public enum BusKind {
    /** I2C, register-map or command-based chips; the profile's {@code reg} is the 7-bit address. */
    I2C("i2c"),
    /** SPI, one chip select per profile bus. */
    SPI("spi"),
    /** A serial port (UART), one device per port. */
    UART("uart"),
    /** A 1-Wire line through the kernel's {@code w1} sysfs. */
    ONE_WIRE("onewire"),
    /** A kernel Industrial I/O device through sysfs. */
    IIO("iio"),
    /** GPIO lines of a gpiochip; the profile's {@code reg} is the line offset. */
    GPIO("gpio"),
    /**
     * A Modbus RTU line (RS-485, half duplex) on a serial port, shared by several slaves; the profile's {@code reg} is
     * the slave id (1..247) and the bus holds the line settings (baud rate, parity, direction control).
     */
    MODBUS("modbus");

    private final String profileName;

    BusKind(String profileName) {
        this.profileName = profileName;
    }

    /** The name a profile uses for this kind, e.g. {@code onewire}. */
    public String profileName() {
        return profileName;
    }
}
