// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.HOURS_12_HOUR_MODE;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.HOURS_PM;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.MONTH_CENTURY;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.TIME_LENGTH;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The seven BCD timekeeping registers (DS Figure 1) as a UTC {@link LocalDateTime}. Pure functions.
 *
 * <pre>
 * 0x00 seconds  0 | 10 s (3) | s (4)          0x04 date     0 0 | 10 date (2) | date (4)
 * 0x01 minutes  0 | 10 min (3) | min (4)      0x05 month    century | 0 0 | 10 month | month (4)
 * 0x02 hours    0 | 12/24 | PM or 20 h | 10 h | h (4)       0x06 year   10 years (4) | years (4)
 * 0x03 day      0 0 0 0 0 | day 1..7 (user-defined sequence; here ISO, Monday = 1)
 * </pre>
 *
 * Years 2000..2199: the century bit marks 2100..2199. The datasheet defines only that the bit toggles when the
 * year overflows 99 → 00; this mapping is fieldnode's convention.
 */
final class RtcTime {
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 2199;

    private RtcTime() {}

    /** The date and time in {@code registers} 0x00..0x06, or empty when they hold no valid date. */
    static Optional<LocalDateTime> decode(byte[] registers) {
        if (registers.length != TIME_LENGTH) {
            throw new IllegalArgumentException("expected 7 time registers, got " + registers.length);
        }
        int hoursRegister = registers[2] & 0xFF;
        int[] fields = {
            bcd(registers[0] & 0x7F), bcd(registers[1] & 0x7F), hours(hoursRegister), bcd(registers[4] & 0x3F)
        };
        int month = bcd(registers[5] & 0x1F);
        int years = bcd(registers[6] & 0xFF);
        int day = registers[3] & 0xFF;
        if (month < 0 || years < 0 || day < 1 || day > 7 || (registers[3] & 0xF8) != 0) {
            return Optional.empty();
        }
        for (int field : fields) {
            if (field < 0) {
                return Optional.empty();
            }
        }
        int year = FIRST_YEAR + years + ((registers[5] & MONTH_CENTURY) != 0 ? 100 : 0);
        try {
            return Optional.of(LocalDateTime.of(year, month, fields[3], fields[2], fields[1], fields[0]));
        } catch (DateTimeException e) {
            return Optional.empty(); // e.g. 31 February, 61 seconds
        }
    }

    /** The registers for {@code time} in 24-hour mode. */
    static byte[] encode(LocalDateTime time) {
        if (time.getYear() < FIRST_YEAR || time.getYear() > LAST_YEAR) {
            throw new IllegalArgumentException(
                    "a DS3231 keeps years %d..%d, not %d".formatted(FIRST_YEAR, LAST_YEAR, time.getYear()));
        }
        int years = time.getYear() - FIRST_YEAR;
        return new byte[] {
            (byte) toBcd(time.getSecond()),
            (byte) toBcd(time.getMinute()),
            (byte) toBcd(time.getHour()),
            (byte) time.getDayOfWeek().getValue(),
            (byte) toBcd(time.getDayOfMonth()),
            (byte) (toBcd(time.getMonthValue()) | (years >= 100 ? MONTH_CENTURY : 0)),
            (byte) toBcd(years % 100)
        };
    }

    /** Hour 0..23 from the hours register in either mode, or −1 when invalid. */
    static int hours(int register) {
        if ((register & HOURS_12_HOUR_MODE) == 0) {
            int hour = bcd(register & 0x3F);
            return hour > 23 ? -1 : hour;
        }
        int hour12 = bcd(register & 0x1F);
        if (hour12 < 1 || hour12 > 12) {
            return -1;
        }
        boolean pm = (register & HOURS_PM) != 0;
        return hour12 % 12 + (pm ? 12 : 0); // 12 AM is 00 h, 12 PM is 12 h
    }

    /** Two BCD digits, or −1 when a digit is above 9. */
    static int bcd(int value) {
        int tens = value >> 4;
        int units = value & 0x0F;
        return tens > 9 || units > 9 ? -1 : tens * 10 + units;
    }

    static int toBcd(int value) {
        return (value / 10) << 4 | value % 10;
    }
}
