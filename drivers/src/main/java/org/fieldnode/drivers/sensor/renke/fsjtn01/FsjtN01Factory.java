// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.renke.fsjtn01;

import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.sensor.modbus.RegisterMap;
import org.fieldnode.drivers.sensor.modbus.RegisterMapFactory;
import org.fieldnode.drivers.sensor.modbus.RegisterSpec;
import org.fieldnode.drivers.sensor.modbus.RegisterType;

/**
 * Renke RS-FSJT-N01, the RS-485 three-cup anemometer of many village weather masts. Register map from the maker's
 * manual ("RS-FSJT-N01 wind speed transmitter user manual", communication protocol: register list), holding
 * register 0x0000 read with function 03: the wind speed in 0.1 m/s (uint16; the manual's "actual value × 10").
 * 0x0001 holds the Beaufort force, which the node does not send (the speed says it).
 *
 * <p>Factory settings: slave id 1, 4800 baud 8N1 ({@code baud: 4800} on the {@code modbus} bus); 10-30 V supply.
 */
public final class FsjtN01Factory extends RegisterMapFactory {
    public static final String COMPATIBLE = "renke,rs-fsjt-n01";

    /** The register map of the manual. */
    public static final RegisterMap MAP =
            new RegisterMap(List.of(RegisterSpec.holding(Channel.WIND_SPEED, 0x0000, RegisterType.UINT16, 0.1)));

    public FsjtN01Factory() {
        super(COMPATIBLE, MAP);
    }
}
