// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.NodeBinding;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Binds profile nodes of one {@link Bmx280Model} to {@link Bmx280}: on an I2C bus at {@code reg} 0x76 or 0x77 (the
 * SDO pin; BME280 DS §6.2, BMP280 DS §5.2), or on an SPI bus, where {@code reg} is not used (BME280 DS §6.3, BMP280
 * DS §5.3; framed as {@link org.fieldnode.drivers.bus.SpiRegisterFrames} describes). The bus provider says which
 * kind the node's bus is ({@link BusProvider#busKind}); one that cannot tell gets I2C.
 */
public abstract class Bmx280Factory implements SensorDriverFactory {
    /** I2C addresses the chip can have, selected by the SDO pin. */
    public static final Set<Integer> ADDRESSES = Set.of(0x76, 0x77);

    private static final Set<BusKind> SUPPORTED_BUSES = Set.of(BusKind.I2C, BusKind.SPI);

    private final Bmx280Model model;
    private final String compatible;

    protected Bmx280Factory(Bmx280Model model, String compatible) {
        this.model = Objects.requireNonNull(model, "model");
        this.compatible = Objects.requireNonNull(compatible, "compatible");
    }

    /**
     * The settings the node's properties ask for.
     *
     * @throws IllegalArgumentException naming the key whose value is invalid
     */
    protected abstract Bmx280Settings settings(Map<String, String> properties);

    @Override
    public final Set<String> compatible() {
        return Set.of(compatible);
    }

    @Override
    public final Set<Channel> channels() {
        return model.channels();
    }

    /** The I2C addresses; on SPI the chip select is the profile bus itself. */
    @Override
    public final Set<Integer> addresses() {
        return ADDRESSES;
    }

    /** Its captures are {@code i2cdump} text, the usual wiring. */
    @Override
    public final BusKind busKind() {
        return BusKind.I2C;
    }

    /** I2C, or SPI in mode 0 or 3 with {@code reg} unused (BME280 DS §6.3, BMP280 DS §5.3). */
    @Override
    public final Set<BusKind> busKinds() {
        return SUPPORTED_BUSES;
    }

    @Override
    public final Sensor open(SensorNode node, BusProvider buses, Sleeper sleeper) throws DeviceException {
        Bmx280Settings settings = settings(node.properties());
        SensorInfo info = new SensorInfo(node.id(), compatible, settings.channels());
        if (buses.busKind(node.bus()).orElse(BusKind.I2C) == BusKind.SPI) {
            return NodeBinding.openOwning(
                    buses.openSpiRegisters(node.bus(), node.id()),
                    bus -> Bmx280.open(model, info, bus, settings, sleeper));
        }
        NodeBinding.checkAddress(node, ADDRESSES, "a " + model.part());
        return NodeBinding.openOwning(
                buses.openI2cRegisters(node.bus(), node.address(), node.id()),
                bus -> Bmx280.open(model, info, bus, settings, sleeper));
    }
}
