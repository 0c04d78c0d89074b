// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.ModbusDevice;

/**
 * A Modbus slave read through a {@link RegisterMap}: each fetch makes the map's reads (registers that follow one
 * another in one transaction) and converts each value with its type, scale and offset. {@link #open} makes one fetch
 * as its probe, so that a slave that does not answer, or whose map lacks a register (exception 02), fails at once
 * with a message that names it.
 */
public final class RegisterMapSensor implements Sensor {
    private final SensorInfo info;
    private final ModbusDevice device;
    private final List<RegisterMap.Read> reads;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RegisterMapSensor(SensorInfo info, ModbusDevice device, RegisterMap map) {
        this.info = info;
        this.device = device;
        this.reads = map.reads();
    }

    /**
     * Reads the whole map once from {@code device}. On failure the caller still owns {@code device}.
     *
     * @throws org.fieldnode.drivers.api.DeviceNotFoundException when the slave does not answer
     * @throws BusException (permanent) when it answers that a register of the map does not exist
     */
    public static RegisterMapSensor open(SensorInfo info, ModbusDevice device, RegisterMap map) throws DeviceException {
        RegisterMapSensor sensor = new RegisterMapSensor(info, device, map);
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
        Map<Channel, Double> values = new EnumMap<>(Channel.class);
        for (RegisterMap.Read read : reads) {
            int[] registers = read.function() == 3
                    ? device.readHoldingRegisters(read.start(), read.count())
                    : device.readInputRegisters(read.start(), read.count());
            for (RegisterSpec spec : read.specs()) {
                double value = spec.value(registers, read.start());
                if (!Double.isFinite(value)) {
                    throw new BusException(
                            info.id(),
                            "slave %d sent a %s that is not a number for %s at register 0x%04X"
                                    .formatted(
                                            device.slave(),
                                            spec.type().profileName(),
                                            spec.channel().quantity(),
                                            spec.register()),
                            true);
                }
                values.put(spec.channel(), value);
            }
        }
        return new Measurement(values);
    }

    /** Releases the slave's handle. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.close();
        }
    }
}
