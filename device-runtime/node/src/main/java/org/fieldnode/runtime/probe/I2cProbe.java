// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.sensirion.SensirionCrc;

/**
 * Scans an I2C bus and identifies the known chips on it. What it sends, and why it is harmless:
 *
 * <ul>
 *   <li><b>Presence</b>: for each address 0x08..0x77, a zero-length write (address and stop only, the SMBus "quick
 *       write") as {@code i2cdetect} does; in 0x30..0x37 and 0x50..0x5F, where EEPROMs live and a quick write can
 *       be misread as a write, a one-byte read instead, again as {@code i2cdetect} does.
 *   <li><b>Register reads</b> (a register pointer write, then a read): BME280/BMP280 chip id at 0xD0 (0x60 / 0x58,
 *       BME280 DS §5.4.1); INA219 configuration at 0x00, 0x399F after power-up (INA219 DS §8.6.2.1); DS3231 status
 *       at 0x0F, whose bits 6..4 always read 0 (DS3231 datasheet, status register).
 *   <li><b>Identity commands</b>, which only read: SHT3x read serial number 0x3780 (DS §4.9), SHT4x read serial
 *       number 0x89 (DS §4.5), SCD4x get_serial_number 0x3682 (DS §3.9.2), each reply checked word by word against
 *       the Sensirion CRC-8. An SCD4x in periodic measurement ignores the command: reported as possible.
 *   <li>BH1750 and ADS1115 have no identity register: they are reported by address, as "possible".
 * </ul>
 *
 * Nothing is ever written to a configuration register, and no measurement is started.
 */
public final class I2cProbe {
    /** The first and last 7-bit addresses that are not reserved (UM10204 §3.1.12). */
    static final int FIRST_ADDRESS = 0x08;

    static final int LAST_ADDRESS = 0x77;

    /** The wait between a Sensirion identity command and its reply (SHT3x DS Table 4, SCD4x DS §3.9.2: 1 ms). */
    private static final Duration COMMAND_WAIT = Duration.ofMillis(2);

    private static final String PROBE_ID = "probe";

    private final BusProvider buses;
    private final Sleeper sleeper;

    public I2cProbe(BusProvider buses, Sleeper sleeper) {
        this.buses = Objects.requireNonNull(buses, "buses");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Every device that answers on {@code bus}, in address order. */
    public List<Finding> scan(String bus) {
        List<Finding> findings = new ArrayList<>();
        for (int address = FIRST_ADDRESS; address <= LAST_ADDRESS; address++) {
            if (answers(bus, address)) {
                findings.add(identify(bus, address));
            }
        }
        return findings;
    }

    private boolean answers(String bus, int address) {
        try (I2cDevice device = buses.openI2c(bus, address, PROBE_ID)) {
            boolean eepromRange = (address >= 0x30 && address <= 0x37) || (address >= 0x50 && address <= 0x5F);
            if (eepromRange) {
                device.read(new byte[1]);
            } else {
                device.write(new byte[0]);
            }
            return true;
        } catch (DeviceException | RuntimeException e) {
            return false;
        }
    }

    /** What the device at {@code address} is, by its identity registers or commands where it has them. */
    Finding identify(String bus, int address) {
        return switch (address) {
            case 0x76, 0x77 -> boschChipId(bus, address);
            case 0x44, 0x45 -> sht(bus, address);
            case 0x62 -> scd4x(bus, address);
            case 0x68 -> ds3231(bus, address);
            case 0x23, 0x5C -> Finding.possible(bus, address, "rohm,bh1750", "by address only");
            case 0x48, 0x49, 0x4A, 0x4B -> Finding.possible(bus, address, "ti,ads1115", "by address only");
            default -> {
                if (address >= 0x40 && address <= 0x4F) {
                    yield ina219(bus, address);
                }
                yield Finding.unknown(bus, address, "no known part at this address");
            }
        };
    }

    private Finding boschChipId(String bus, int address) {
        try (RegisterBus registers = buses.openI2cRegisters(bus, address, PROBE_ID)) {
            int id = registers.readByte(0xD0);
            return switch (id) {
                case 0x60 -> Finding.confirmed(bus, address, "bosch,bme280", "chip id 0x60");
                case 0x56, 0x57, 0x58 ->
                    Finding.confirmed(bus, address, "bosch,bmp280", "chip id 0x%02x".formatted(id));
                default -> Finding.unknown(bus, address, "chip id 0x%02x: not a BME280 or BMP280".formatted(id));
            };
        } catch (DeviceException | RuntimeException e) {
            return Finding.unknown(bus, address, "chip id unreadable: " + e.getMessage());
        }
    }

    private Finding sht(String bus, int address) {
        if (sensirionSerial(bus, address, new byte[] {0x37, (byte) 0x80}, 2)) {
            return Finding.confirmed(bus, address, "sensirion,sht3x", "serial number read, CRC ok");
        }
        if (sensirionSerial(bus, address, new byte[] {(byte) 0x89}, 2)) {
            return Finding.confirmed(bus, address, "sensirion,sht4x", "serial number read, CRC ok");
        }
        return Finding.possible(bus, address, "sensirion,sht3x", "no serial number reply; SHT3x or SHT4x by address");
    }

    private Finding scd4x(String bus, int address) {
        if (sensirionSerial(bus, address, new byte[] {0x36, (byte) 0x82}, 3)) {
            return Finding.confirmed(bus, address, "sensirion,scd4x", "serial number read, CRC ok");
        }
        return Finding.possible(
                bus, address, "sensirion,scd4x", "no serial number reply (busy in periodic measurement?)");
    }

    private boolean sensirionSerial(String bus, int address, byte[] command, int words) {
        try (I2cDevice device = buses.openI2c(bus, address, PROBE_ID)) {
            device.write(command);
            sleeper.sleep(COMMAND_WAIT);
            byte[] reply = new byte[words * 3];
            device.read(reply);
            boolean anyNonZero = false;
            for (int at = 0; at < reply.length; at += 3) {
                if (SensirionCrc.crc8(reply, at, 2) != (reply[at + 2] & 0xFF)) {
                    return false;
                }
                anyNonZero |= reply[at] != 0 || reply[at + 1] != 0;
            }
            return anyNonZero;
        } catch (DeviceException | RuntimeException e) {
            return false;
        }
    }

    private Finding ina219(String bus, int address) {
        try (RegisterBus registers = buses.openI2cRegisters(bus, address, PROBE_ID)) {
            byte[] config = new byte[2];
            registers.read(0x00, config);
            int value = (config[0] & 0xFF) << 8 | config[1] & 0xFF;
            if (value == 0x399F) {
                return Finding.confirmed(bus, address, "ti,ina219", "configuration 0x399f, the power-on value");
            }
            return Finding.possible(
                    bus, address, "ti,ina219", "configuration 0x%04x (configured since power-up?)".formatted(value));
        } catch (DeviceException | RuntimeException e) {
            return Finding.possible(bus, address, "ti,ina219", "by address only");
        }
    }

    private Finding ds3231(String bus, int address) {
        try (RegisterBus registers = buses.openI2cRegisters(bus, address, PROBE_ID)) {
            int status = registers.readByte(0x0F);
            if ((status & 0b0111_0000) == 0) {
                return Finding.confirmed(
                        bus,
                        address,
                        "maxim,ds3231",
                        "status 0x%02x, bits 6..4 clear as on a DS3231".formatted(status));
            }
            return Finding.unknown(bus, address, "status 0x%02x: not a DS3231".formatted(status));
        } catch (DeviceException | RuntimeException e) {
            return Finding.possible(bus, address, "maxim,ds3231", "by address only");
        }
    }
}
