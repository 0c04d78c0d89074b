// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.util.EnumSet;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;

/**
 * What tells the two parts apart: the BMP280 is the BME280 without humidity. Same register map otherwise
 * ({@link Bmx280Registers}), same temperature and pressure trimming and compensation, same control fields and the
 * same forced-mode protocol.
 */
public enum Bmx280Model {
    /** Humidity, pressure and temperature; datasheet BST-BME280-DS002 (revision 1.23 and later). */
    BME280("BME280", 0x60, true, 26, 7, 8),

    /** Pressure and temperature; datasheet BST-BMP280-DS001 (revision 1.19 and later). */
    BMP280("BMP280", 0x58, false, 24, 0, 6);

    private final String part;
    private final int chipId;
    private final boolean humidity;
    private final int trimmingLength;
    private final int humidityTrimmingLength;
    private final int dataLength;

    Bmx280Model(
            String part, int chipId, boolean humidity, int trimmingLength, int humidityTrimmingLength, int dataLength) {
        this.part = part;
        this.chipId = chipId;
        this.humidity = humidity;
        this.trimmingLength = trimmingLength;
        this.humidityTrimmingLength = humidityTrimmingLength;
        this.dataLength = dataLength;
    }

    /** The part number, e.g. {@code BME280}. */
    public String part() {
        return part;
    }

    /** The value of {@link Bmx280Registers#REG_CHIP_ID} (BME280 DS §5.4.1: 0x60; BMP280 DS §4.3.1: 0x58). */
    public int chipId() {
        return chipId;
    }

    /** Whether the part measures humidity: ctrl_hum, hum_msb/hum_lsb and dig_H1..dig_H6 exist. */
    public boolean hasHumidity() {
        return humidity;
    }

    /**
     * Bytes of the first trimming block from {@link Bmx280Registers#REG_CALIB_00}: dig_T1..dig_P9 (24), on a
     * BME280 up to dig_H1 at 0xA1 (26, with 0xA0 unused).
     */
    public int trimmingLength() {
        return trimmingLength;
    }

    /** Bytes of the second trimming block from {@link Bmx280Registers#REG_CALIB_26}: dig_H2..dig_H6, or none. */
    public int humidityTrimmingLength() {
        return humidityTrimmingLength;
    }

    /** Bytes of the data block from {@link Bmx280Registers#REG_PRESS_MSB}: pressure and temperature, humidity. */
    public int dataLength() {
        return dataLength;
    }

    /** Every channel the part can produce. */
    public Set<Channel> channels() {
        return humidity
                ? EnumSet.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY, Channel.PRESSURE)
                : EnumSet.of(Channel.AMBIENT_TEMPERATURE, Channel.PRESSURE);
    }
}
