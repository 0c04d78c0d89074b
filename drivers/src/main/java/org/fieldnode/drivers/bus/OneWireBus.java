// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.util.List;
import org.fieldnode.drivers.api.DeviceException;

/**
 * A 1-Wire line as the Linux {@code w1} subsystem exposes it: slaves named {@code ff-ssssssssssss} (family code,
 * 48-bit serial in hex) and, for thermometers, a {@code w1_slave} file holding the scratchpad and the kernel's
 * CRC verdict. The kernel does the bus timing, the ROM search and the conversion wait.
 */
public interface OneWireBus extends AutoCloseable {
    /** Ids of the slaves of family {@code family} (e.g. 0x28 for DS18B20) present now, in ascending order. */
    List<String> devices(int family) throws DeviceException;

    /**
     * The text of the slave's {@code w1_slave} file. For a DS18B20 reading it starts a conversion and waits for
     * it (up to 750 ms at 12 bit).
     *
     * @throws org.fieldnode.drivers.api.DeviceNotFoundException when no slave {@code deviceId} is on the line
     */
    String readSlave(String deviceId) throws DeviceException;

    /** Releases the handle. Idempotent; never throws. */
    @Override
    void close();
}
