// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.comwintop.soilthc;

import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.sensor.modbus.RegisterMap;
import org.fieldnode.drivers.sensor.modbus.RegisterMapFactory;
import org.fieldnode.drivers.sensor.modbus.RegisterSpec;
import org.fieldnode.drivers.sensor.modbus.RegisterType;

/**
 * ComWinTop CWT-Soil-THC-S, the RS-485 soil moisture, temperature and conductivity probe sold under many names
 * (the JXCT and Renke "3-in-1" probes share its map). Register map from the maker's manual ("CWT-SOIL-THC-S Soil
 * Temperature Humidity EC Sensor", Modbus register list), holding registers read with function 03:
 *
 * <table>
 *   <caption>Registers</caption>
 *   <tr><th>register</th><th>content</th><th>raw</th><th>as sent</th></tr>
 *   <tr><td>0x0000</td><td>volumetric water content</td><td>uint16, 0.1 %</td><td>soil_moisture %</td></tr>
 *   <tr><td>0x0001</td><td>temperature</td><td>int16, 0.1 °C (two's complement below 0)</td><td>temperature Cel</td></tr>
 *   <tr><td>0x0002</td><td>conductivity</td><td>uint16, 1 µS/cm</td><td>conductivity S/m (× 1e-4)</td></tr>
 * </table>
 *
 * Factory settings: slave id 1, 4800 baud 8N1 (set the {@code modbus} bus to {@code baud: 4800}); the probe needs
 * 5-30 V, so it hangs on the 12 V rail with a MAX485-style transceiver to the Pi's UART. The 7-in-1 variant adds pH
 * and N, P, K at 0x0003..0x0006: read those with {@code fieldnode,modbus-registers}.
 */
public final class SoilThcFactory extends RegisterMapFactory {
    public static final String COMPATIBLE = "comwintop,cwt-soil-thc";

    /** The register map of the manual. */
    public static final RegisterMap MAP = new RegisterMap(List.of(
            RegisterSpec.holding(Channel.SOIL_MOISTURE, 0x0000, RegisterType.UINT16, 0.1),
            RegisterSpec.holding(Channel.AMBIENT_TEMPERATURE, 0x0001, RegisterType.INT16, 0.1),
            RegisterSpec.holding(Channel.CONDUCTIVITY, 0x0002, RegisterType.UINT16, 1e-4)));

    public SoilThcFactory() {
        super(COMPATIBLE, MAP);
    }
}
