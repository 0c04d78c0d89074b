// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtcTimeTest {
    @Test
    void encode_writesBcdIn24HourMode_withIsoDayOfWeek() {
        byte[] r = RtcTime.encode(LocalDateTime.of(2026, 3, 14, 21, 7, 45)); // a Saturday

        assertThat(r).containsExactly(0x45, 0x07, 0x21, 0x06, 0x14, 0x03, 0x26);
    }

    @Test
    void encodeThenDecode_isIdentity_acrossBothCenturies() {
        for (LocalDateTime t : new LocalDateTime[] {
            LocalDateTime.of(2000, 1, 1, 0, 0, 0), LocalDateTime.of(2099, 12, 31, 23, 59, 59),
            LocalDateTime.of(2100, 2, 28, 12, 0, 0), LocalDateTime.of(2199, 12, 31, 23, 59, 59)
        }) {
            assertThat(RtcTime.decode(RtcTime.encode(t))).hasValue(t);
        }
    }

    /** Hours register in 12-hour mode: bit 6 set, bit 5 PM, BCD 1..12. */
    @ParameterizedTest(name = "0x{0} is {1} h")
    @CsvSource({"52, 0", "41, 1", "51, 11", "72, 12", "61, 13", "71, 23", "23, 23", "00, 0"})
    void hours_decodeBothModes(String hex, int hour) {
        assertThat(RtcTime.hours(Integer.parseInt(hex, 16))).isEqualTo(hour);
    }

    @ParameterizedTest(name = "0x{0} is invalid")
    @CsvSource({"24", "1A", "40", "53", "7F"})
    void hours_rejectInvalidValues(String hex) {
        assertThat(RtcTime.hours(Integer.parseInt(hex, 16))).isEqualTo(-1);
    }

    @Test
    void decode_rejectsNonBcdDigitsAndImpossibleDates() {
        assertThat(RtcTime.decode(new byte[] {0x5A, 0, 0, 1, 1, 1, 0})).isEmpty(); // seconds digit A
        assertThat(RtcTime.decode(new byte[] {0, 0, 0, 1, 0x31, 0x04, 0x26})).isEmpty(); // 31 April
        assertThat(RtcTime.decode(new byte[] {0, 0, 0, 0, 0x01, 0x01, 0x26})).isEmpty(); // day 0
    }
}
