// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import org.fieldnode.drivers.api.DeviceException;

/**
 * One slave on a Modbus RTU line (RS-485), as a driver gets it from {@link BusProvider#openModbus}. Each call is one
 * transaction (request, then the slave's answer or silence) of the "Modbus Application Protocol V1.1b3", framed as
 * "Modbus over Serial Line V1.02" says; the line keeps the silent interval, checks the CRC-16 and retries a lost or
 * garbled answer a bounded number of times before it gives up.
 *
 * <p>Faults: a slave that has never answered this handle is reported absent ({@link
 * org.fieldnode.drivers.api.DeviceNotFoundException}); once it has, silence, a bad CRC or a cut frame is a transient
 * {@link org.fieldnode.drivers.api.BusException}. An exception response is a {@code BusException} that names the
 * code: permanent for 01 (illegal function), 02 (illegal data address) and 03 (illegal data value), which mean the
 * request does not fit the device, transient for the others (04 device failure, 05/06 busy).
 */
public interface ModbusDevice extends AutoCloseable {
    /** The slave id, 1..247. */
    int slave();

    /** Function 03, Read Holding Registers: {@code count} (1..125) registers from {@code address}, each 0..65535. */
    int[] readHoldingRegisters(int address, int count) throws DeviceException;

    /** Function 04, Read Input Registers: {@code count} (1..125) registers from {@code address}, each 0..65535. */
    int[] readInputRegisters(int address, int count) throws DeviceException;

    /** Function 06, Write Single Register: {@code value} (0..65535) to {@code address}. */
    void writeRegister(int address, int value) throws DeviceException;

    /** Releases the handle; the line's port closes with its last handle. Idempotent; never throws. */
    @Override
    void close();
}
