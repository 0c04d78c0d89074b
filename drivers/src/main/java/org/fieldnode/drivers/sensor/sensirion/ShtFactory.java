// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.NodeBinding;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds profile nodes of one SHT part to its {@link ShtSensor}: temperature and humidity, on an I2C bus at {@code reg}
 * 0x44 or 0x45 (SHT3x: the ADDR pin, DS §3.3, Table 7; SHT4x: 0x44 for SHT4x-A parts, 0x45 for SHT4x-B, DS §4.1).
 */
public abstract class ShtFactory implements SensorDriverFactory {
    /** The I2C addresses of both families. */
    public static final Set<Integer> ADDRESSES = Set.of(0x44, 0x45);

    /** A driver's open (e.g. {@code Sht3x::open}): on failure the caller closes the device. */
    @FunctionalInterface
    protected interface Driver {
        ShtSensor open(SensorInfo info, I2cDevice device, Sleeper sleeper) throws DeviceException;
    }

    private final String compatible;
    private final String part;
    private final Driver driver;

    /** @param part the part as {@code reg} messages name it, with its article: {@code "an SHT3x"} */
    protected ShtFactory(String compatible, String part, Driver driver) {
        this.compatible = Objects.requireNonNull(compatible, "compatible");
        this.part = Objects.requireNonNull(part, "part");
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    @Override
    public final Set<String> compatible() {
        return Set.of(compatible);
    }

    @Override
    public final Set<Channel> channels() {
        return EnumSet.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
    }

    @Override
    public final Set<Integer> addresses() {
        return ADDRESSES;
    }

    @Override
    public final Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        NodeBinding.checkAddress(node, ADDRESSES, part);
        SensorInfo info = new SensorInfo(node.id(), compatible, channels());
        return NodeBinding.openOwning(
                buses.openI2c(node.bus(), node.address(), node.id()), device -> driver.open(info, device, sleeper));
    }
}
