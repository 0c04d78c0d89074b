// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Set;
import org.fieldnode.drivers.api.SensorNode;

/**
 * Makes the simulated device of a driver shipped in its own jar, so that {@code fieldnode demo --profile},
 * {@code run} on a simulated profile, {@code probe --simulate}, {@code soak} and {@code replay} of a command chip
 * work with it as with the catalogue's drivers. Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.fieldnode.drivers.sim.SimulatedDeviceFactory} of the driver's jar, next to its
 * {@code SensorDriverFactory}. The runtime looks for these only when a profile asks for a simulated bus, and only in
 * the trusted jars of {@code drivers.d/}; production drivers never see them.
 *
 * <p>The kind of device returned decides its bus: a {@link SimulatedI2cTarget} (register or command chip) goes on the
 * node's I2C or SPI bus at its {@code reg}, a {@link SimulatedSerialDevice} on its UART, a {@link SimulatedModbusSlave}
 * on its Modbus line at slave id {@code reg}, a {@link SimulatedIioDevice} on its IIO bus, a {@link SimulatedDs18b20}
 * on its 1-Wire line, a {@link SimulatedGpioLine} at line {@code reg} of its GPIO chip.
 */
public interface SimulatedDeviceFactory {
    /** The {@code "vendor,part"} strings of the drivers this simulates; none may be one the catalogue simulates. */
    Set<String> compatible();

    /**
     * A new simulated device for {@code node}, keeping time with {@link SimulationContext#clock()} and measuring
     * {@link SimulationContext#environment()} where it measures the weather.
     */
    SimulatedDevice create(SensorNode node, SimulationContext context);
}
