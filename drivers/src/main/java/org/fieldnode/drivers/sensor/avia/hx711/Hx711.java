// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.avia.hx711;

import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.IioDevice;

/**
 * A load cell (beehive scale, water tank, silo) through an Avia HX711 24-bit bridge ADC ("HX711 24-Bit Analog-to-
 * Digital Converter for Weigh Scales", AVIA Semiconductor), read through the Linux IIO {@code hx711} driver
 * ({@code drivers/iio/adc/hx711.c}, devicetree {@code compatible = "avia,hx711"} with its {@code sck-gpios} and
 * {@code dout-gpios}). The HX711's clocked protocol wants the clock pulses within microseconds (PD_SCK high for
 * 60 µs powers it down, DS "Serial Interface"), which a JVM cannot promise: the kernel driver clocks it, as the DHT22
 * is read.
 *
 * <p>A fetch reads {@code in_voltage0_raw} (channel A, gain 128) or {@code in_voltage1_raw} (channel B, gain 32),
 * the signed 24-bit conversion, and converts it with the profile's two-point calibration:
 * {@code mass = (raw − tare-counts) × kg-per-count}. A failed conversion (the kernel's ETIMEDOUT while DOUT stays
 * high) is a transient fault; a raw value outside 24 bits is one too.
 */
public final class Hx711 implements Sensor {
    private static final int MIN_RAW = -(1 << 23);
    private static final int MAX_RAW = (1 << 23) - 1;

    private final SensorInfo info;
    private final IioDevice device;
    private final Hx711Calibration calibration;
    private boolean closed;

    public Hx711(SensorInfo info, IioDevice device, Hx711Calibration calibration) {
        this.info = info;
        this.device = device;
        this.calibration = calibration;
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        String attribute = calibration.attribute();
        String text = device.read(attribute);
        long raw;
        try {
            raw = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BusException(info.id(), "%s is not a number: '%s'".formatted(attribute, text), false, e);
        }
        if (raw < MIN_RAW || raw > MAX_RAW) {
            throw new BusException(info.id(), "%s = %d is outside 24 bits".formatted(attribute, raw), true);
        }
        return new Measurement(Map.of(Channel.MASS, calibration.kilograms(raw)));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            device.close();
        }
    }
}
