// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.CONTROL_POWER_ON;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.HOURS_12_HOUR_MODE;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.HOURS_PM;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.LAST_REGISTER;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.MONTH_CENTURY;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_CONTROL;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_DAY;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_HOURS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_MONTH;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_SECONDS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_TEMP_LSB;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_TEMP_MSB;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_ALARM_FLAGS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_BSY;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_EN32KHZ;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_OSF;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_POWER_ON;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.TIME_LENGTH;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A register-level Maxim DS3231 (datasheet 19-5170 rev. 10) for tests and {@code --simulate} runs.
 *
 * <p>Bus face: registers 0x00..0x12. The time runs on the injected clock from the datasheet's first-power-up
 * value, 01/01/00, day 1, 00:00:00, with OSF set (the oscillator "stopped" before the first power-up); a read
 * latches all time registers at its start. Hours keep the 12- or 24-hour mode last written; the century bit is
 * set from 2100 (fieldnode's convention, as in the driver). Writing seconds resets the sub-second countdown. The
 * status register's OSF and alarm flags can only be cleared; BSY and bits 6..4 are read-only. Temperature reads as
 * set on the backend, in 0.25 °C steps.
 *
 * <p>Datasheet rules recorded in {@link #violations()}: a write to the read-only temperature registers, access to
 * a register beyond 0x12, a day outside 1..7, and time registers that, after a write transfer, hold no valid date
 * (the model then stops counting and reads back the bytes as written, until a valid time is written).
 * Written independently of the driver's BCD code, so that each checks the other.
 *
 * <p>Backend face: {@link #stopOscillator()}, {@link #setTemperature}, {@link #time()}.
 */
public final class SimulatedDs3231 extends SimulatedRegisterDevice {
    private static final LocalDateTime FIRST_POWER_UP = LocalDateTime.of(2000, 1, 1, 0, 0, 0);

    private final InstantSource clock;
    private LocalDateTime base = FIRST_POWER_UP;
    private Instant baseAt;
    private int baseDay = 1;
    private boolean twelveHour;
    private boolean timeWritten;
    private boolean garbled;

    /** @param clock the time base the oscillator counts on; only its differences matter */
    public SimulatedDs3231(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.baseAt = clock.instant();
        setRegister(REG_CONTROL, CONTROL_POWER_ON);
        setRegister(REG_STATUS, STATUS_POWER_ON);
        setTemperature(25.0);
    }

    /** A chip counting on a {@link Sleeper}'s monotonic clock, e.g. a FakeSleeper. */
    public static SimulatedDs3231 on(Sleeper sleeper) {
        Objects.requireNonNull(sleeper, "sleeper");
        return new SimulatedDs3231(() -> Instant.EPOCH.plusNanos(sleeper.nanoTime()));
    }

    /** The time the chip keeps now, as UTC. */
    public synchronized Instant time() {
        return now().toInstant(ZoneOffset.UTC);
    }

    /** Sets OSF, as a battery that ran flat or an oscillator that stopped does. */
    public synchronized void stopOscillator() {
        setRegister(REG_STATUS, register(REG_STATUS) | STATUS_OSF);
    }

    /** The temperature the next reads return, rounded to 0.25 °C; −40..85 °C. */
    public synchronized void setTemperature(double celsius) {
        if (!(celsius >= -40 && celsius <= 85)) {
            throw new IllegalArgumentException("outside the DS3231 operating range: " + celsius);
        }
        int quarters = (int) Math.round(celsius * 4);
        setRegister(REG_TEMP_MSB, quarters >> 2);
        setRegister(REG_TEMP_LSB, (quarters & 0b11) << 6);
    }

    @Override
    protected void beforeRead(int firstRegister, int length) {
        checkRange(firstRegister, length);
        latchTime(); // the chip copies the time into its read buffer at the start of the transfer
    }

    @Override
    protected void beforeWrite(int firstRegister, int length) {
        checkRange(firstRegister, length);
        latchTime();
        timeWritten = false;
    }

    @Override
    protected void onWrite(int register, int value) {
        switch (register) {
            case REG_TEMP_MSB, REG_TEMP_LSB ->
                violation("write of 0x%02X to read-only temperature register 0x%02X", value, register);
            case REG_STATUS -> {
                int old = register(REG_STATUS);
                int clearable = STATUS_OSF | STATUS_ALARM_FLAGS; // written 0 clears them, 1 leaves them
                int next = (old & clearable & value) | (value & STATUS_EN32KHZ) | (old & STATUS_BSY);
                setRegister(REG_STATUS, next);
            }
            default -> {
                if (register < TIME_LENGTH) {
                    timeWritten = true;
                    if (register == REG_SECONDS) {
                        baseAt = clock.instant(); // writing seconds resets the countdown chain
                    }
                }
                if (register <= LAST_REGISTER) {
                    setRegister(register, value);
                }
            }
        }
    }

    @Override
    protected void afterWrite(int firstRegister, int length) {
        if (!timeWritten) {
            return;
        }
        int day = register(REG_DAY);
        if (day < 1 || day > 7) {
            violation("day register written with %d; the day counts 1..7", day);
        }
        LocalDateTime written = decodeLatched();
        if (written == null) {
            violation("time registers hold no valid date after a write: %s", latchedHex());
            garbled = true; // this model stops counting and keeps the bytes as written
            return;
        }
        garbled = false;
        Duration sinceBase = Duration.between(baseAt, clock.instant());
        long subSecond = sinceBase.isNegative() ? 0 : sinceBase.toNanosPart();
        base = written;
        baseAt = clock.instant().minusNanos(subSecond);
        baseDay = day;
        twelveHour = (register(REG_HOURS) & HOURS_12_HOUR_MODE) != 0;
    }

    private LocalDateTime now() {
        Duration elapsed = Duration.between(baseAt, clock.instant());
        return base.plusSeconds(Math.max(0, elapsed.toSeconds()));
    }

    /** Encodes the running time into the time registers. */
    private void latchTime() {
        if (garbled) {
            return;
        }
        LocalDateTime t = now();
        long days = Duration.between(
                        base.toLocalDate().atStartOfDay(), t.toLocalDate().atStartOfDay())
                .toDays();
        int years = t.getYear() - 2000;
        setRegister(REG_SECONDS, bcd(t.getSecond()));
        setRegister(REG_SECONDS + 1, bcd(t.getMinute()));
        setRegister(REG_HOURS, hoursRegister(t.getHour()));
        setRegister(REG_DAY, (int) ((baseDay - 1 + days) % 7) + 1);
        setRegister(REG_DAY + 1, bcd(t.getDayOfMonth()));
        setRegister(REG_MONTH, bcd(t.getMonthValue()) | (years >= 100 ? MONTH_CENTURY : 0));
        setRegister(REG_MONTH + 1, bcd(years % 100));
    }

    private int hoursRegister(int hour) {
        if (!twelveHour) {
            return bcd(hour);
        }
        int hour12 = hour % 12 == 0 ? 12 : hour % 12;
        return HOURS_12_HOUR_MODE | (hour >= 12 ? HOURS_PM : 0) | bcd(hour12);
    }

    /** The date in the time registers, or null. */
    private LocalDateTime decodeLatched() {
        int hours = register(REG_HOURS);
        int hour;
        if ((hours & HOURS_12_HOUR_MODE) != 0) {
            int hour12 = fromBcd(hours & 0x1F);
            hour = hour12 < 1 || hour12 > 12 ? -1 : hour12 % 12 + ((hours & HOURS_PM) != 0 ? 12 : 0);
        } else {
            hour = fromBcd(hours & 0x3F);
        }
        int month = register(REG_MONTH);
        int year = fromBcd(register(REG_MONTH + 1));
        try {
            return LocalDateTime.of(
                    2000 + year + ((month & MONTH_CENTURY) != 0 ? 100 : 0),
                    fromBcd(month & 0x1F),
                    fromBcd(register(REG_DAY + 1) & 0x3F),
                    hour,
                    fromBcd(register(REG_SECONDS + 1) & 0x7F),
                    fromBcd(register(REG_SECONDS) & 0x7F));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private String latchedHex() {
        StringBuilder hex = new StringBuilder();
        for (int r = 0; r < TIME_LENGTH; r++) {
            hex.append("%02X ".formatted(register(r)));
        }
        return hex.toString().strip();
    }

    private void checkRange(int firstRegister, int length) {
        if (firstRegister + length - 1 > LAST_REGISTER) {
            violation("access to 0x%02X..0x%02X; the DS3231 ends at 0x12", firstRegister, firstRegister + length - 1);
        }
    }

    private static int bcd(int value) {
        return (value / 10) << 4 | value % 10;
    }

    /** Two BCD digits; an invalid digit gives a value no field accepts. */
    private static int fromBcd(int value) {
        int tens = value >> 4;
        int units = value & 0x0F;
        return tens > 9 || units > 9 ? 99 : tens * 10 + units;
    }
}
