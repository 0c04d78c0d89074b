// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import java.util.Map;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Factory;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Settings;

/**
 * Binds {@code compatible: bosch,bme280} profile nodes to {@link Bmx280} as a {@link Bmx280Model#BME280}, on an I2C
 * bus ({@code reg} 0x76 or 0x77, DS §6.2) or an SPI bus (DS §6.3). Properties are those of {@link Bme280Settings}.
 */
public final class Bme280Factory extends Bmx280Factory {
    public static final String COMPATIBLE = "bosch,bme280";

    public Bme280Factory() {
        super(Bmx280Model.BME280, COMPATIBLE);
    }

    @Override
    protected Bmx280Settings settings(Map<String, String> properties) {
        return Bme280Settings.fromProperties(properties);
    }
}
