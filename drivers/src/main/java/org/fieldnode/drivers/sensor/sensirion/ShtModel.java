// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * One SHT part's table for {@link ShtSensor}, from its datasheet: commands, timings and conversion.
 *
 * @param part the part for messages, e.g. {@code SHT3x}
 * @param commandBytes 2 for 16-bit commands sent MSB first (SHT3x), 1 for the SHT4x's one-byte commands
 * @param softReset the soft-reset command, after which the chip takes no command for {@code softResetTime}
 * @param readSerialNumber the command whose reply is the serial number in two words, ready after {@code serialWait}
 * @param measure the measurement command, whose two words are ready after {@code measurementTime}
 * @param celsius temperature in °C of the raw temperature word
 * @param relativeHumidity humidity in %RH of the raw humidity word
 */
public record ShtModel(
        String part,
        int commandBytes,
        int softReset,
        Duration softResetTime,
        int readSerialNumber,
        Duration serialWait,
        int measure,
        Duration measurementTime,
        IntToDoubleFunction celsius,
        IntToDoubleFunction relativeHumidity) {

    public ShtModel {
        Objects.requireNonNull(part, "part");
        if (commandBytes != 1 && commandBytes != 2) {
            throw new IllegalArgumentException("Sensirion commands are 1 or 2 bytes, not " + commandBytes);
        }
    }

    /** {@code command} as it goes on the wire. */
    public byte[] command(int command) {
        return commandBytes == 2 ? SensirionWords.command(command) : new byte[] {(byte) command};
    }
}
