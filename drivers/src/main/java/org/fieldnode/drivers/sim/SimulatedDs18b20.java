// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.maxim.ds18b20.Scratchpad.*;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.fieldnode.drivers.sensor.maxim.ds18b20.DallasCrc8;

/**
 * Scratchpad model of a Maxim DS18B20 probe (datasheet 19-7487 Rev 6) as the kernel's {@code w1_therm} driver
 * shows it: 64-bit ROM (family 0x28, 48-bit serial, CRC-8), a scratchpad with TH/TL 0x4B/0x46 and the
 * configuration for {@link #setResolution resolution} 9..12 bit, CRC-8 in byte 8, and the {@code w1_slave} text.
 *
 * <ul>
 *   <li>A conversion rounds the temperature down to the resolution and sets the undefined low bits to 1, so a
 *       driver that forgets to mask them is caught; it takes 93.75 ms × 2^(bits − 9) (Table 2).
 *   <li>{@link #resetDuringNextConversion()} makes the next read show the +85 °C power-on value with byte 6 =
 *       0x0C, as a probe that lost power does.
 *   <li>{@link #failNext}: TIMEOUT = the read fails with EIO, CRC_ERROR = a bit flips on the wire (kernel says
 *       {@code NO}), SHORT_READ = the file ends after its first line, STUCK_VALUE = the last scratchpad again.
 * </ul>
 */
public final class SimulatedDs18b20 implements SimulatedDevice {
    private final long serial;
    private final FaultQueue faults = new FaultQueue();
    private DoubleSupplier celsius;
    private int config = config(12);
    private boolean resetPending;
    private String lastText;

    /** A probe with the 48-bit {@code serial}, measuring {@code celsius}. */
    public SimulatedDs18b20(long serial, DoubleSupplier celsius) {
        if (serial < 0 || serial > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("not a 48-bit serial: " + serial);
        }
        this.serial = serial;
        this.celsius = Objects.requireNonNull(celsius, "celsius");
    }

    /** The kernel's name for the probe, e.g. {@code 28-0316a2797eff}. */
    public String id() {
        return "%02x-%012x".formatted(0x28, serial);
    }

    /** The 64-bit ROM code in bus order: family, serial LSB first, CRC-8 of the first 7 bytes. */
    public byte[] romCode() {
        byte[] rom = new byte[8];
        rom[0] = 0x28;
        for (int i = 0; i < 6; i++) {
            rom[1 + i] = (byte) (serial >> (8 * i));
        }
        rom[7] = (byte) DallasCrc8.of(rom, 0, 7);
        return rom;
    }

    public synchronized void setCelsius(double value) {
        this.celsius = () -> value;
    }

    public synchronized void setResolution(int bits) {
        this.config = config(bits);
    }

    public synchronized void resetDuringNextConversion() {
        resetPending = true;
    }

    public synchronized void failNext(int reads, LineFault fault) {
        faults.schedule(reads, fault);
    }

    /** How long the kernel waits for a conversion at the current resolution. */
    public synchronized Duration conversionTime() {
        return Duration.ofNanos(93_750_000L << (resolutionBits(config) - 9));
    }

    /** A conversion now: the scratchpad as it reads afterwards, CRC included. */
    public synchronized byte[] convert() {
        int raw;
        int reserved6;
        if (resetPending) {
            resetPending = false;
            raw = POWER_ON_RAW;
            reserved6 = POWER_ON_RESERVED_6;
        } else {
            double t = Math.clamp(celsius.getAsDouble(), -55.0, 125.0);
            int undefined = (1 << (12 - resolutionBits(config))) - 1;
            raw = ((int) Math.floor(t * 16) & ~undefined | undefined) & 0xFFFF;
            reserved6 = 0x10 - (raw & 0x0F);
        }
        byte[] s = {(byte) raw, (byte) (raw >> 8), 0x4B, 0x46, (byte) config, (byte) 0xFF, (byte) reserved6, 0x10, 0};
        s[CRC] = (byte) DallasCrc8.of(s, 0, 8);
        return s;
    }

    /**
     * The {@code w1_slave} text of one read, after the scheduled fault.
     *
     * @throws java.io.IOException with the EIO text when a TIMEOUT is scheduled
     */
    synchronized String readW1Slave() throws java.io.IOException {
        LineFault fault = faults.next();
        if (fault == LineFault.TIMEOUT) {
            throw new java.io.IOException("Input/output error");
        }
        if (fault == LineFault.STUCK_VALUE && lastText != null) {
            return lastText;
        }
        byte[] s = convert();
        if (fault == LineFault.CRC_ERROR) {
            s[TEMPERATURE_LSB] ^= 0x04;
        }
        String text = w1SlaveText(s);
        if (fault == null || fault == LineFault.STUCK_VALUE) {
            lastText = text;
        }
        if (fault == LineFault.SHORT_READ) {
            return text.substring(0, text.indexOf('\n') + 1);
        }
        return text;
    }

    /** The kernel's rendering of scratchpad {@code s} (w1_therm {@code w1_slave_show}). */
    public static String w1SlaveText(byte[] s) {
        int crc = DallasCrc8.of(s, 0, 8);
        StringBuilder bytes = new StringBuilder();
        for (byte b : s) {
            bytes.append("%02x ".formatted(b & 0xFF));
        }
        int raw = (short) ((s[1] & 0xFF) << 8 | s[0] & 0xFF);
        return "%s: crc=%02x %s\n%st=%d\n"
                .formatted(bytes, crc, crc == (s[CRC] & 0xFF) ? "YES" : "NO", bytes, raw * 1000 / 16);
    }
}
