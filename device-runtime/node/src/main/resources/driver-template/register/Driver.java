package @PACKAGE@;

import static @PACKAGE@.@CLASS@Registers.CELSIUS_PER_LSB;
import static @PACKAGE@.@CLASS@Registers.CONTROL_ONE_SHOT;
import static @PACKAGE@.@CLASS@Registers.CONVERSION_TIME;
import static @PACKAGE@.@CLASS@Registers.ID;
import static @PACKAGE@.@CLASS@Registers.REG_CONTROL;
import static @PACKAGE@.@CLASS@Registers.REG_DATA;
import static @PACKAGE@.@CLASS@Registers.REG_ID;
import static @PACKAGE@.@CLASS@Registers.REG_STATUS;
import static @PACKAGE@.@CLASS@Registers.STATUS_DATA_READY;

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
 * The @PART_UPPER@ (@COMPATIBLE@), a register-map chip read through {@link RegisterBus}: open checks the identity
 * register; each fetch starts one conversion, waits for it with a deadline and reads the result.
 */
public final class @CLASS@ implements Sensor {
    /** How long past the nominal conversion time the ready flag may take. */
    static final Duration READY_BUDGET = Duration.ofMillis(10);

    private final SensorInfo info;
    private final RegisterBus bus;
    private final Sleeper sleeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private @CLASS@(SensorInfo info, RegisterBus bus, Sleeper sleeper) {
        this.info = info;
        this.bus = bus;
        this.sleeper = sleeper;
    }

    /** Checks the part's identity. On failure the caller still owns {@code bus}. */
    public static @CLASS@ open(SensorInfo info, RegisterBus bus, Sleeper sleeper) throws DeviceException {
        int id = bus.readByte(REG_ID);
        if (id != ID) {
            throw new DeviceNotFoundException(info.id(), "id 0x%02X, expected 0x%02X".formatted(id, ID));
        }
        return new @CLASS@(info, bus, sleeper);
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
        bus.write(REG_CONTROL, CONTROL_ONE_SHOT);
        long deadline = sleeper.nanoTime() + CONVERSION_TIME.plus(READY_BUDGET).toNanos();
        sleeper.sleep(CONVERSION_TIME);
        while ((bus.readByte(REG_STATUS) & STATUS_DATA_READY) == 0) {
            if (sleeper.nanoTime() >= deadline) {
                throw new DataNotReadyException(info.id(), "no data after " + CONVERSION_TIME.plus(READY_BUDGET));
            }
            sleeper.sleep(Duration.ofMillis(1));
        }
        byte[] data = new byte[2];
        bus.read(REG_DATA, data);
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, celsius((data[1] << 8) | (data[0] & 0xFF))));
    }

    /** The result register's two's complement value in degrees Celsius: a pure function, tested on its own. */
    static double celsius(int signedRaw) {
        return (short) signedRaw * CELSIUS_PER_LSB;
    }

    /** Releases the bus. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            bus.close();
        }
    }
}
