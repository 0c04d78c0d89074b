// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.vishay.veml7700;

import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.DEVICE_ID;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.GAIN_ONE_EIGHTH;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.INTEGRATION_TIME;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.IT_25_MS;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.LUX_PER_COUNT;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_ALS;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_ALS_CONF;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.REG_ID;
import static org.fieldnode.drivers.sensor.vishay.veml7700.Veml7700Registers.WAKE_UP;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Vishay VEML7700 ambient light sensor (datasheet 84286; application note 84323 "Designing the VEML7700 Into an
 * Application"), I2C 0x10, 16-bit registers least significant byte first. Open checks the device id (0x81 in the
 * low byte of register 0x07) and powers the sensor on at gain 1/8 and 25 ms, the setting that reaches full sunlight
 * (120 klx); it then measures continuously. A fetch waits, once after power-on, for the wake-up and the first
 * integration, reads the ALS count and converts it: 1.8432 lx per count, then the application note's correction of
 * the non-linearity at low gain (its 4th-order polynomial).
 */
public final class Veml7700 implements Sensor {
    private final SensorInfo info;
    private final RegisterBus bus;
    private final Sleeper sleeper;
    private final long firstResultAt;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Veml7700(SensorInfo info, RegisterBus bus, Sleeper sleeper, long firstResultAt) {
        this.info = info;
        this.bus = bus;
        this.sleeper = sleeper;
        this.firstResultAt = firstResultAt;
    }

    /** Checks the id and powers the sensor on. On failure the caller still owns {@code bus}. */
    public static Veml7700 open(SensorInfo info, RegisterBus bus, Sleeper sleeper) throws DeviceException {
        int id = readWord(bus, REG_ID);
        if ((id & 0xFF) != DEVICE_ID) {
            throw new DeviceNotFoundException(
                    info.id(), "device id 0x%02X, expected 0x%02X (VEML7700)".formatted(id & 0xFF, DEVICE_ID));
        }
        writeWord(bus, REG_ALS_CONF, GAIN_ONE_EIGHTH | IT_25_MS); // ALS_SD = 0: power on
        // One integration after the wake-up, and a tenth more for the oscillator's tolerance.
        Duration first = WAKE_UP.plus(INTEGRATION_TIME).plus(INTEGRATION_TIME.dividedBy(10));
        return new Veml7700(info, bus, sleeper, sleeper.nanoTime() + first.toNanos());
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
        long wait = firstResultAt - sleeper.nanoTime();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
        return new Measurement(Map.of(Channel.ILLUMINANCE, lux(readWord(bus, REG_ALS))));
    }

    /** Lux of an ALS count at gain 1/8 and 25 ms, corrected as application note 84323 says for low gains. */
    static double lux(int counts) {
        double x = counts * LUX_PER_COUNT;
        return Math.max(0, ((6.0135e-13 * x - 9.3924e-9) * x + 8.1488e-5) * x * x + 1.0023 * x);
    }

    private static int readWord(RegisterBus bus, int register) throws DeviceException {
        byte[] word = new byte[2];
        bus.read(register, word);
        return (word[1] & 0xFF) << 8 | word[0] & 0xFF;
    }

    private static void writeWord(RegisterBus bus, int register, int value) throws DeviceException {
        bus.write(register, new byte[] {(byte) value, (byte) (value >> 8)});
    }

    /** Shuts the sensor down (ALS_SD = 1, 0.5 µA) and releases the bus. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                writeWord(bus, REG_ALS_CONF, GAIN_ONE_EIGHTH | IT_25_MS | Veml7700Registers.SHUTDOWN);
            } catch (DeviceException | RuntimeException e) {
                // the sensor keeps measuring; nothing else to do at close
            }
            bus.close();
        }
    }
}
