package @PACKAGE@;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.ModbusDevice;

/**
 * The @PART_UPPER@ (@COMPATIBLE@), a Modbus RTU slave on an RS-485 line: each fetch reads its two input registers in
 * one transaction. The line does the framing, CRC-16, silent interval and retries; a slave that never answers is
 * reported absent, an exception response names its code.
 */
public final class @CLASS@ implements Sensor {
    private final SensorInfo info;
    private final ModbusDevice device;
    private final AtomicBoolean closed = new AtomicBoolean();

    private @CLASS@(SensorInfo info, ModbusDevice device) {
        this.info = info;
        this.device = device;
    }

    /** Reads the registers once, as the probe that the slave is there. On failure the caller owns {@code device}. */
    public static @CLASS@ open(SensorInfo info, ModbusDevice device) throws DeviceException {
        @CLASS@ sensor = new @CLASS@(info, device);
        sensor.read();
        return sensor;
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
        return read();
    }

    private Measurement read() throws DeviceException {
        int[] registers = device.readInputRegisters(@CLASS@Registers.REG_TEMPERATURE, 2);
        return new Measurement(Map.of(
                Channel.AMBIENT_TEMPERATURE, celsius(registers[0]),
                Channel.RELATIVE_HUMIDITY, Math.clamp(registers[1] * @CLASS@Registers.SCALE, 0, 100)));
    }

    /** The temperature register, two's complement tenths of a degree. */
    static double celsius(int register) {
        return (short) register * @CLASS@Registers.SCALE;
    }

    /** Releases the slave's handle. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
