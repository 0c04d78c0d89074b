// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_SECONDS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.REG_TEMP_MSB;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_ALARM_FLAGS;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_OSF;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.STATUS_UNUSED;
import static org.fieldnode.drivers.sensor.maxim.ds3231.Ds3231Registers.TIME_LENGTH;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.TimeSource;
import org.fieldnode.drivers.bus.RegisterBus;
import org.tinylog.Logger;

/**
 * Maxim (Analog Devices) DS3231 real-time clock with temperature-compensated crystal, after the datasheet
 * 19-5170 "DS3231 Extremely Accurate I2C-Integrated RTC/TCXO/Crystal" (revision 10).
 *
 * <p>Bus: I2C at 0x68. A {@link TimeSource}: {@link #read()} reads the seven timekeeping registers in one burst
 * (the chip latches them at the start of a read, so the values are coherent) and returns empty while the status
 * register's OSF flag says the oscillator stopped since the clock was last set. {@link #set} writes all seven in
 * one transfer starting with seconds (writing seconds resets the countdown chain; the rest must follow within one
 * second) in 24-hour mode, then clears OSF. The clock keeps UTC.
 *
 * <p>Also a {@link Sensor}: {@code temperature} from the registers 0x11..0x12, which the chip updates every 64 s
 * (two's complement, 0.25 °C steps).
 *
 * <p>The DS3231 has no identity register; {@link #open} reads the status register and rejects a device whose
 * unused bits 6..4 are not 0.
 */
public final class Ds3231 implements Sensor, TimeSource {
    private final SensorInfo info;
    private final RegisterBus bus;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ds3231(SensorInfo info, RegisterBus bus) {
        this.info = info;
        this.bus = bus;
    }

    /**
     * Checks the status register. On failure the caller still owns {@code bus} and must close it.
     *
     * @throws DeviceNotFoundException when status bits 6..4 are set, which they never are on a DS3231
     */
    public static Ds3231 open(SensorInfo info, RegisterBus bus) throws DeviceException {
        int status = bus.readByte(REG_STATUS);
        if ((status & STATUS_UNUSED) != 0) {
            throw new DeviceNotFoundException(
                    info.id(), "status 0x%02X has unused bits 6..4 set: not a DS3231".formatted(status));
        }
        if ((status & STATUS_OSF) != 0) {
            Logger.warn(
                    "{}: DS3231 oscillator stopped since the clock was last set; its time is not trusted", info.id());
        } else {
            Logger.info("{}: DS3231 ready", info.id());
        }
        return new Ds3231(info, bus);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /** Reads the temperature registers. */
    @Override
    public Measurement fetch() throws DeviceException {
        checkOpen();
        byte[] temperature = new byte[2];
        bus.read(REG_TEMP_MSB, temperature);
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, celsius(temperature[0], temperature[1])));
    }

    @Override
    public Optional<Instant> read() throws DeviceException {
        checkOpen();
        // Status first: if OSF is clear now, the time read right after it has kept running since it was set.
        if ((bus.readByte(REG_STATUS) & STATUS_OSF) != 0) {
            return Optional.empty();
        }
        byte[] registers = new byte[TIME_LENGTH];
        bus.read(REG_SECONDS, registers);
        Optional<LocalDateTime> time = RtcTime.decode(registers);
        if (time.isEmpty()) {
            Logger.warn("{}: DS3231 time registers hold no valid date", info.id());
        }
        return time.map(t -> t.toInstant(ZoneOffset.UTC));
    }

    /**
     * Sets the clock to {@code now} truncated to the second, in 24-hour mode, and clears OSF.
     *
     * @throws IllegalArgumentException outside the years 2000..2199
     */
    @Override
    public void set(Instant now) throws DeviceException {
        checkOpen();
        byte[] registers = RtcTime.encode(LocalDateTime.ofInstant(now.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
        bus.write(REG_SECONDS, registers);
        int status = bus.readByte(REG_STATUS);
        // Writing 1 to the alarm flags leaves them as they are; writing 0 to OSF clears it.
        bus.write(REG_STATUS, (status & ~STATUS_OSF) | STATUS_ALARM_FLAGS);
        Logger.info("{}: DS3231 set to {}", info.id(), now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Temperature from 0x11 (integer, two's complement) and 0x12 bits 7..6 (quarters): 0x19 0x40 is 25.25 °C. */
    static double celsius(byte msb, byte lsb) {
        return ((msb << 8 | (lsb & 0xFF)) >> 6) * 0.25;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
    }

    /** Releases the bus handle; the clock keeps running on its battery. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
