// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.CONFIG_OS;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.ti.ads1115.Ads1115Registers.REG_CONVERSION;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.tinylog.Logger;

/**
 * Texas Instruments ADS1115 16-bit ADC, after the datasheet "ADS111x Ultra-Small, Low-Power, I2C-Compatible,
 * 860-SPS, 16-Bit ADCs With Internal Reference, Oscillator, and Programmable Comparator", SBAS444 (revision D).
 *
 * <p>Bus: I2C at 0x48..0x4B (ADDR pin to GND, VDD, SDA or SCL; §9.5.1.1). Registers are 16 bits wide, most
 * significant byte first (§9.5.3): reads go through {@link RegisterBus#read}, writes through the block
 * {@link RegisterBus#write(int, byte[])}, since a 16-bit register takes both bytes in one transfer.
 *
 * <p>Single-shot mode (§9.4.2.1): each {@link #fetch()} converts every input it needs in turn: it writes the config
 * with OS = 1 and the input's MUX, waits one conversion period (1 / DR), polls OS until it reads 1 (no conversion
 * in progress) with a deadline of the period at a 10 % slow oscillator plus one poll, and then reads the
 * conversion register, a two's complement code whose LSB is FSR / 2^15 (§9.3.3, Table 3). Between conversions the
 * chip powers down.
 *
 * <p>The ADS1115 has no identity register; {@link #open} reads the config register to check that something
 * acknowledges and then writes a power-down config. A missing chip shows as a permanent bus fault.
 */
public final class Ads1115 implements Sensor {
    private final SensorInfo info;
    private final RegisterBus bus;
    private final Ads1115Settings settings;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ads1115(SensorInfo info, RegisterBus bus, Ads1115Settings settings, Sleeper sleeper) {
        this.info = info;
        this.bus = bus;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /**
     * Checks that the chip answers and leaves it powered down with the node's input selected. On failure the
     * caller still owns {@code bus} and must close it.
     */
    public static Ads1115 open(SensorInfo info, RegisterBus bus, Ads1115Settings settings, Sleeper sleeper)
            throws DeviceException {
        int config = readWord(bus, REG_CONFIG);
        Logger.debug("{}: ADS1115 config was 0x{}", info.id(), Integer.toHexString(config));
        writeWord(bus, REG_CONFIG, settings.idle(settings.input()));
        Logger.info(
                "{}: ADS1115 ready, AIN{} ±{} V at {} SPS{}",
                info.id(),
                settings.input(),
                settings.range().volts(),
                settings.rate().samplesPerSecond(),
                settings.soil().map(s -> ", soil probe on AIN" + s.input()).orElse(""));
        return new Ads1115(info, bus, settings, sleeper);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    /**
     * Converts the node's input (and the soil probe's, when it is another one).
     *
     * @throws DataNotReadyException when a conversion is not done by its deadline
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        Map<Integer, Double> volts = new HashMap<>();
        for (int ain : settings.inputs()) {
            volts.put(ain, convert(ain));
        }
        Map<Channel, Double> values = new EnumMap<>(Channel.class);
        values.put(Channel.VOLTAGE, volts.get(settings.input()));
        settings.soil().ifPresent(s -> values.put(Channel.SOIL_MOISTURE, s.percent(volts.get(s.input()))));
        return new Measurement(values);
    }

    /** One single-shot conversion of {@code ain} against GND, in volts. */
    private double convert(int ain) throws DeviceException {
        DataRate rate = settings.rate();
        // §9.4.2.1: writing OS = 1 in power-down starts one conversion; OS reads 0 until it is done.
        writeWord(bus, REG_CONFIG, settings.startConversion(ain));
        long startedAt = sleeper.nanoTime();
        sleeper.sleep(rate.conversionTime());
        Duration poll = rate.conversionTime().dividedBy(10);
        long deadline = startedAt + rate.maxConversionTime().plus(poll).toNanos();
        while ((readWord(bus, REG_CONFIG) & CONFIG_OS) == 0) {
            long left = deadline - sleeper.nanoTime();
            if (left <= 0) {
                throw new DataNotReadyException(
                        info.id(), "AIN%d conversion not done after %s".formatted(ain, rate.maxConversionTime()));
            }
            sleeper.sleep(left < poll.toNanos() ? Duration.ofNanos(left) : poll);
        }
        int code = (short) readWord(bus, REG_CONVERSION);
        Logger.trace("{}: AIN{} code {}", info.id(), ain, code);
        return volts(code, settings.range());
    }

    /** The input voltage of a conversion code: code × FSR / 2^15 (§9.5.3, Table 4 "Output Codes"). */
    static double volts(int code, FullScaleRange range) {
        return code * range.lsbVolts();
    }

    private static int readWord(RegisterBus bus, int register) throws DeviceException {
        byte[] two = new byte[2];
        bus.read(register, two);
        return (two[0] & 0xFF) << 8 | (two[1] & 0xFF);
    }

    private static void writeWord(RegisterBus bus, int register, int value) throws DeviceException {
        bus.write(register, new byte[] {(byte) (value >> 8), (byte) value});
    }

    /** Releases the bus handle; the chip stays powered down. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
