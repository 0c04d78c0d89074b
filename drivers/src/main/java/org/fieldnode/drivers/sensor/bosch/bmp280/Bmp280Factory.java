// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import java.util.Map;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Factory;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Model;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Settings;

/**
 * Binds {@code compatible: bosch,bmp280} profile nodes to {@link Bmx280} as a {@link Bmx280Model#BMP280}, on an I2C
 * bus ({@code reg} 0x76 or 0x77, DS §5.2) or an SPI bus (DS §5.3). Properties are those of {@link Bmp280Settings}.
 */
public final class Bmp280Factory extends Bmx280Factory {
    public static final String COMPATIBLE = "bosch,bmp280";

    public Bmp280Factory() {
        super(Bmx280Model.BMP280, COMPATIBLE);
    }

    @Override
    protected Bmx280Settings settings(Map<String, String> properties) {
        return Bmp280Settings.fromProperties(properties);
    }
}
