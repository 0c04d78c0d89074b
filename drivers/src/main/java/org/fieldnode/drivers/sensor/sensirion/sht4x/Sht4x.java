// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.sensirion.ShtSensor;
import org.tinylog.Logger;

/**
 * Sensirion SHT4x (SHT40, SHT41, SHT45) humidity and temperature sensor, after "Datasheet SHT4x" (version 6.x).
 *
 * <p>Bus: I2C at 0x44 (SHT4x-A) or 0x45 (SHT4x-B), through {@link I2cDevice}; commands are single bytes. Each
 * {@link #fetch()} sends a high-precision measurement (0xFD), waits the maximum time of DS Table 4 and reads both
 * words, each checked against its CRC (a mismatch is a transient {@link org.fieldnode.drivers.api.BusException}).
 * The chip does not acknowledge a read header while it measures. Humidity is cropped to 0..100 %RH (DS §4.6).
 *
 * <p>Open sequence: soft reset (0x94), then the serial number (0x89) as identity probe: no answer, or a reply that
 * fails its CRC, is {@link DeviceNotFoundException}. The command / CRC / conversion flow is {@link ShtSensor}'s.
 */
public final class Sht4x extends ShtSensor {
    private Sht4x(SensorInfo info, I2cDevice device, Sleeper sleeper, long serialNumber) {
        super(Sht4xCommands.MODEL, info, device, sleeper, serialNumber);
    }

    /**
     * Resets and identifies the chip. On failure the caller still owns {@code device} and must close it; on success
     * the returned sensor owns it.
     *
     * @throws DeviceNotFoundException when nothing answers the serial-number command like an SHT4x
     */
    public static Sht4x open(SensorInfo info, I2cDevice device, Sleeper sleeper) throws DeviceException {
        long serialNumber = identify(Sht4xCommands.MODEL, info, device, sleeper);
        Logger.info("{}: SHT4x serial number 0x{} ready", info.id(), Long.toHexString(serialNumber));
        return new Sht4x(info, device, sleeper, serialNumber);
    }
}
