// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.dht22;

import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.IioDevice;

/**
 * Aosong DHT22 / AM2302 temperature and humidity sensor (Aosong "Digital-output relative humidity & temperature
 * sensor/module AM2302" datasheet), read through the Linux IIO {@code dht11} driver ({@code dtoverlay=dht11,
 * gpiopin=N}), which serves the DHT22 too: its single-wire timing cannot be met from a JVM.
 *
 * <p>{@link #fetch()} reads {@code in_temp_input} (milli-°C) and {@code in_humidityrelative_input} (milli-%RH). The
 * kernel driver fails reads often (a missed edge gives EIO, no answer ETIMEDOUT; the next read usually works):
 * those arrive as transient {@link BusException}s from the {@link IioDevice}. Values outside the DHT22's range
 * (−40..80 °C, 0..100 %RH) are transient faults too. The kernel caches a reading for about 2 s, the sensor's
 * minimum sampling period, so fetching faster returns repeated values.
 */
public final class Dht22 implements Sensor {
    static final String TEMPERATURE = "in_temp_input";
    static final String HUMIDITY = "in_humidityrelative_input";

    private final SensorInfo info;
    private final IioDevice device;
    private boolean closed;

    public Dht22(SensorInfo info, IioDevice device) {
        this.info = info;
        this.device = device;
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        double celsius = thousandths(TEMPERATURE);
        double humidity = thousandths(HUMIDITY);
        if (celsius < -40 || celsius > 80 || humidity < 0 || humidity > 100) {
            throw new BusException(
                    info.id(),
                    "implausible reading %s °C, %s %%RH outside the DHT22 range".formatted(celsius, humidity),
                    true);
        }
        return new Measurement(Map.of(Channel.AMBIENT_TEMPERATURE, celsius, Channel.RELATIVE_HUMIDITY, humidity));
    }

    private double thousandths(String attribute) throws DeviceException {
        String text = device.read(attribute);
        try {
            return Long.parseLong(text.trim()) / 1000.0;
        } catch (NumberFormatException e) {
            throw new BusException(info.id(), "%s is not a number: '%s'".formatted(attribute, text), false, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.close();
    }
}
