// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.CLEAR_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.COMMAND_SPACING;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.READ_STATUS;
import static org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xCommands.STATUS_RESET_DETECTED;

import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.sensirion.SensirionWords;
import org.fieldnode.drivers.sensor.sensirion.ShtSensor;
import org.tinylog.Logger;

/**
 * Sensirion SHT3x-DIS (SHT30, SHT31, SHT35) humidity and temperature sensor, after "Datasheet SHT3x-DIS" (version 7).
 *
 * <p>Bus: I2C at 0x44 (ADDR to VSS) or 0x45 (ADDR to VDD), through {@link I2cDevice}. Each {@link #fetch()} sends
 * one single-shot measurement with high repeatability and clock stretching disabled (0x2400, DS §4.3), waits the
 * maximum measurement time of DS Table 4 and reads both words; the chip then idles. Without clock stretching the chip
 * NACKs the read header until the data are there (DS §4.3); clock stretching is avoided because not every Linux I2C
 * controller (the Raspberry Pi's among them) handles it reliably. Every word is checked against its CRC (DS §4.12);
 * a mismatch is a transient {@link org.fieldnode.drivers.api.BusException}. Conversion: DS §4.13.
 *
 * <p>Open sequence: soft reset (DS §4.9; the chip ignores commands until it is done), the serial number as identity
 * probe (no answer, or a reply failing its CRC, is {@link DeviceNotFoundException}), the status register to confirm
 * the reset (DS §4.11), clear status. The command / CRC / conversion flow is {@link ShtSensor}'s.
 */
public final class Sht3x extends ShtSensor {
    private Sht3x(SensorInfo info, I2cDevice device, Sleeper sleeper, long serialNumber) {
        super(Sht3xCommands.MODEL, info, device, sleeper, serialNumber);
    }

    /**
     * Resets and identifies the chip. On failure the caller still owns {@code device} and must close it; on success
     * the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when nothing answers the serial-number command like an SHT3x
     */
    public static Sht3x open(SensorInfo info, I2cDevice device, Sleeper sleeper) throws DeviceException {
        long serialNumber = identify(Sht3xCommands.MODEL, info, device, sleeper);
        sleeper.sleep(COMMAND_SPACING);
        device.write(Sht3xCommands.MODEL.command(READ_STATUS));
        sleeper.sleep(COMMAND_SPACING);
        int status = SensirionWords.read(info.id(), device, 1)[0];
        if ((status & STATUS_RESET_DETECTED) == 0) {
            Logger.warn("{}: SHT3x status 0x{} does not show the soft reset", info.id(), Integer.toHexString(status));
        }
        sleeper.sleep(COMMAND_SPACING);
        device.write(Sht3xCommands.MODEL.command(CLEAR_STATUS));
        sleeper.sleep(COMMAND_SPACING);
        Logger.info("{}: SHT3x serial number 0x{} ready", info.id(), Long.toHexString(serialNumber));
        return new Sht3x(info, device, sleeper, serialNumber);
    }
}
