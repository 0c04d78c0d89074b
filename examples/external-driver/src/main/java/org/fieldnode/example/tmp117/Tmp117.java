// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

import static org.fieldnode.example.tmp117.Tmp117Registers.CELSIUS_PER_LSB;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONFIG_DATA_READY;
import static org.fieldnode.example.tmp117.Tmp117Registers.CONVERSION_TIME;
import static org.fieldnode.example.tmp117.Tmp117Registers.DEVICE_ID;
import static org.fieldnode.example.tmp117.Tmp117Registers.DEVICE_ID_MASK;
import static org.fieldnode.example.tmp117.Tmp117Registers.MOD_ONE_SHOT;
import static org.fieldnode.example.tmp117.Tmp117Registers.MOD_SHUTDOWN;
import static org.fieldnode.example.tmp117.Tmp117Registers.REG_CONFIGURATION;
import static org.fieldnode.example.tmp117.Tmp117Registers.REG_DEVICE_ID;
import static org.fieldnode.example.tmp117.Tmp117Registers.REG_TEMP_RESULT;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * TI TMP117 high-accuracy digital temperature sensor, after "TMP117 High-Accuracy, Low-Power, Digital Temperature
 * Sensor With SMBus and I2C-Compatible Interface" (SNOSD82). I2C at 0x48..0x4B (ADD0 to GND, V+, SDA, SCL),
 * 16-bit registers through {@link RegisterBus}.
 *
 * <p>Runs in one-shot mode without averaging: the chip sleeps (DS, "Shutdown Mode") between fetches; each
 * {@link #fetch()} writes one-shot mode (DS, "One-Shot Mode"), waits the 15.5 ms conversion, polls the Data_Ready flag
 * with a deadline and reads the result: two's complement, 7.8125 m°C per LSB (DS, "Temperature Result Register").
 */
public final class Tmp117 implements Sensor {
    /** How long past the nominal conversion time the flag may take before the fetch gives up. */
    static final Duration READY_BUDGET = Duration.ofMillis(10);

    static final Duration POLL_PERIOD = Duration.ofMillis(1);

    private final SensorInfo info;
    private final RegisterBus bus;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Tmp117(SensorInfo info, RegisterBus bus, Sleeper sleeper) {
        this.info = info;
        this.bus = bus;
        this.sleeper = sleeper;
    }

    /**
     * Checks the device id and puts the chip in shutdown mode. On failure the caller still owns {@code bus}.
     *
     * @throws DeviceNotFoundException when the device id is not 0x117
     */
    public static Tmp117 open(SensorInfo info, RegisterBus bus, Sleeper sleeper) throws DeviceException {
        int id = readWord(bus, REG_DEVICE_ID);
        if ((id & DEVICE_ID_MASK) != DEVICE_ID) {
            throw new DeviceNotFoundException(
                    info.id(), "device id 0x%04X, expected 0x%03X (TMP117)".formatted(id, DEVICE_ID));
        }
        // DS "Shutdown Mode": shutdown until a one-shot is asked for; AVG = 00 (no averaging).
        writeWord(bus, REG_CONFIGURATION, MOD_SHUTDOWN);
        return new Tmp117(info, bus, sleeper);
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        if (closed.get()) {
            throw new IllegalStateException(info.id() + ": sensor is closed");
        }
        writeWord(bus, REG_CONFIGURATION, MOD_ONE_SHOT);
        long deadline = sleeper.nanoTime() + CONVERSION_TIME.plus(READY_BUDGET).toNanos();
        sleeper.sleep(CONVERSION_TIME);
        // DS "Configuration Register": Data_Ready is set when the conversion completes; reading the register clears it.
        while ((readWord(bus, REG_CONFIGURATION) & CONFIG_DATA_READY) == 0) {
            if (sleeper.nanoTime() >= deadline) {
                throw new DataNotReadyException(info.id(), "no data ready after " + CONVERSION_TIME.plus(READY_BUDGET));
            }
            sleeper.sleep(POLL_PERIOD);
        }
        int raw = (short) readWord(bus, REG_TEMP_RESULT);
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, celsius(raw)));
    }

    /** DS "Temperature Result Register": the signed result times 7.8125 m°C, exact in a double. */
    static double celsius(int signedRaw) {
        return signedRaw * CELSIUS_PER_LSB;
    }

    private static int readWord(RegisterBus bus, int register) throws DeviceException {
        byte[] word = new byte[2];
        bus.read(register, word);
        return (word[0] & 0xFF) << 8 | word[1] & 0xFF;
    }

    private static void writeWord(RegisterBus bus, int register, int value) throws DeviceException {
        bus.write(register, new byte[] {(byte) (value >> 8), (byte) value});
    }

    /** Releases the bus; the chip stays in shutdown mode. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
