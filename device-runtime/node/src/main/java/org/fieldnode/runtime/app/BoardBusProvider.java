// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.IioDevice;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.bus.OneWireBus;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.fieldnode.drivers.bus.linux.LinuxUartPort;
import org.fieldnode.drivers.bus.linux.SysfsIioDevice;
import org.fieldnode.drivers.bus.linux.SysfsOneWireBus;
import org.fieldnode.drivers.bus.modbus.ModbusLine;
import org.fieldnode.drivers.bus.modbus.RtuMaster;
import org.fieldnode.drivers.bus.pi4j.BoardBuses;
import org.fieldnode.drivers.bus.pi4j.Pi4jBusProvider;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.ModbusBusConfig;

/**
 * The buses of a real board, routed by the profile's bus name: I2C, SPI and GPIO through {@link Pi4jBusProvider}
 * (its Pi4J context is made on the first open, so a board with only sysfs buses never starts Pi4J), UART through
 * {@link LinuxUartPort} on the bus's {@code device}, 1-Wire through {@link SysfsOneWireBus} and IIO through
 * {@link SysfsIioDevice} under the bus's {@code root}, Modbus RTU lines through an {@link RtuMaster} on the bus's
 * {@code device} (one per line, shared by its slaves). Buses marked {@code simulated: true} go to {@code simulated},
 * so one profile may mix both. Opening a bus under the wrong kind (a UART on an I2C bus) throws
 * {@link IllegalArgumentException} naming both.
 */
final class BoardBusProvider implements BusProvider {
    private final Map<String, BusConfig> buses;
    private final BusProvider simulated;
    private final Supplier<BusProvider> pi4jFactory;
    private final Sleeper sleeper;
    private final Map<String, ModbusLine> modbusLines = new HashMap<>();
    private BusProvider pi4j;

    /**
     * @param simulated serves the buses marked simulated; may be null when there are none
     * @param pi4jFactory makes the provider of the real I2C, SPI and GPIO buses, once, when first needed
     */
    BoardBusProvider(
            Map<String, BusConfig> buses, BusProvider simulated, Supplier<BusProvider> pi4jFactory, Sleeper sleeper) {
        this.buses = Map.copyOf(buses);
        this.simulated = simulated;
        this.pi4jFactory = Objects.requireNonNull(pi4jFactory, "pi4jFactory");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The Pi4J buses of {@code buses}' real I2C, SPI and GPIO buses. */
    static Supplier<BusProvider> pi4jFor(Map<String, BusConfig> buses) {
        return () -> {
            BoardBuses.Builder board = BoardBuses.builder();
            for (BusConfig bus : buses.values()) {
                if (bus.simulated()) {
                    continue;
                }
                switch (bus.kind()) {
                    case "i2c" -> board.i2c(bus.name(), bus.number());
                    case "spi" ->
                        board.spi(
                                bus.name(),
                                new BoardBuses.SpiDevice(
                                        bus.number(), bus.chipSelect(), BoardBuses.SpiDevice.DEFAULT_CLOCK_HZ, 0));
                    case "gpio" -> {
                        if (!bus.chipLabels().isEmpty()) {
                            board.gpioChipLabels(bus.chipLabels());
                        }
                    }
                    default -> {
                        // served by sysfs or device files, not Pi4J
                    }
                }
            }
            return Pi4jBusProvider.open(board.build());
        };
    }

    /** The kind the profile gives the bus, simulated or not; empty for a name the profile lacks. */
    @Override
    public Optional<BusKind> busKind(String bus) {
        BusConfig config = buses.get(bus);
        if (config == null) {
            return Optional.empty();
        }
        return Arrays.stream(BusKind.values())
                .filter(k -> k.profileName().equals(config.kind()))
                .findFirst();
    }

    @Override
    public RegisterBus openI2cRegisters(String bus, int address, String sensorId) throws DeviceException {
        return route(bus, "i2c", sensorId).openI2cRegisters(bus, address, sensorId);
    }

    @Override
    public I2cDevice openI2c(String bus, int address, String sensorId) throws DeviceException {
        return route(bus, "i2c", sensorId).openI2c(bus, address, sensorId);
    }

    @Override
    public RegisterBus openSpiRegisters(String bus, String sensorId) throws DeviceException {
        return route(bus, "spi", sensorId).openSpiRegisters(bus, sensorId);
    }

    @Override
    public GpioLine openGpioInput(String bus, int line, Duration debounce, String sensorId) throws DeviceException {
        return route(bus, "gpio", sensorId).openGpioInput(bus, line, debounce, sensorId);
    }

    @Override
    public GpioLine openGpioOutput(String bus, int line, boolean initialHigh, String sensorId) throws DeviceException {
        return route(bus, "gpio", sensorId).openGpioOutput(bus, line, initialHigh, sensorId);
    }

    @Override
    public UartPort openUart(String bus, String sensorId) throws DeviceException {
        BusConfig config = config(bus, "uart", sensorId);
        if (config.simulated()) {
            return simulated.openUart(bus, sensorId);
        }
        Path device = config.device()
                .orElseThrow(() ->
                        new IllegalArgumentException("%s: bus '%s' names no serial device".formatted(sensorId, bus)));
        return LinuxUartPort.open(device, sensorId, sleeper);
    }

    @Override
    public OneWireBus openOneWire(String bus, String sensorId) throws DeviceException {
        BusConfig config = config(bus, "onewire", sensorId);
        if (config.simulated()) {
            return simulated.openOneWire(bus, sensorId);
        }
        return new SysfsOneWireBus(config.root().orElse(BusConfig.DEFAULT_W1_ROOT), sensorId);
    }

    @Override
    public IioDevice openIio(String bus, String deviceName, String sensorId) throws DeviceException {
        BusConfig config = config(bus, "iio", sensorId);
        if (config.simulated()) {
            return simulated.openIio(bus, deviceName, sensorId);
        }
        return SysfsIioDevice.open(config.root().orElse(BusConfig.DEFAULT_IIO_ROOT), deviceName, sensorId);
    }

    /**
     * A handle on slave {@code slave} of the Modbus line {@code bus}: the line's serial {@code device} configured with
     * its settings, and its DE/RE GPIO line when it has one, opened with the first handle and closed with the last.
     */
    @Override
    public ModbusDevice openModbus(String bus, int slave, String sensorId) throws DeviceException {
        BusConfig config = config(bus, "modbus", sensorId);
        if (config.simulated()) {
            return simulated.openModbus(bus, slave, sensorId);
        }
        ModbusLine line;
        synchronized (this) {
            line = modbusLines.computeIfAbsent(bus, name -> new ModbusLine(name, who -> openMaster(config, who)));
        }
        return line.open(slave, sensorId);
    }

    private RtuMaster openMaster(BusConfig config, String sensorId) throws DeviceException {
        ModbusBusConfig modbus = config.modbus().orElseGet(ModbusBusConfig::defaults);
        Path device = config.device()
                .orElseThrow(() -> new IllegalArgumentException(
                        "%s: bus '%s' names no serial device".formatted(sensorId, config.name())));
        UartPort port = LinuxUartPort.open(device, sensorId, sleeper);
        Optional<GpioLine> driverEnable = Optional.empty();
        try {
            if (modbus.driverEnableLine().isPresent()) {
                String gpioBus = modbus.driverEnableBus()
                        .orElseGet(() -> buses.values().stream()
                                .filter(b -> b.kind().equals("gpio"))
                                .map(BusConfig::name)
                                .findFirst()
                                .orElseThrow(
                                        () -> new IllegalArgumentException("%s: de-line of bus '%s' needs a gpio bus"
                                                .formatted(sensorId, config.name()))));
                driverEnable = Optional.of(
                        openGpioOutput(gpioBus, modbus.driverEnableLine().getAsInt(), false, sensorId));
            }
            return RtuMaster.open(
                    port,
                    modbus.settings(),
                    sleeper,
                    driverEnable,
                    "%s (%s)".formatted(config.name(), device),
                    sensorId);
        } catch (DeviceException | RuntimeException e) {
            driverEnable.ifPresent(GpioLine::close);
            port.close();
            throw e;
        }
    }

    private BusProvider route(String bus, String kind, String sensorId) {
        return config(bus, kind, sensorId).simulated() ? simulated : pi4j();
    }

    private BusConfig config(String bus, String kind, String sensorId) {
        BusConfig config = buses.get(bus);
        if (config == null) {
            throw new IllegalArgumentException(
                    "%s: no bus named '%s' (have %s)".formatted(sensorId, bus, buses.keySet()));
        }
        if (!config.kind().equals(kind)) {
            throw new IllegalArgumentException("%s: the driver needs a %s bus, but '%s' is a %s bus"
                    .formatted(sensorId, kind, bus, config.kind()));
        }
        if (config.simulated() && simulated == null) {
            throw new IllegalStateException("bus '%s' is simulated but no simulator was given".formatted(bus));
        }
        return config;
    }

    private synchronized BusProvider pi4j() {
        if (pi4j == null) {
            pi4j = pi4jFactory.get();
        }
        return pi4j;
    }

    @Override
    public void close() {
        synchronized (this) {
            modbusLines.values().forEach(ModbusLine::closeAll);
            if (pi4j != null) {
                pi4j.close();
            }
        }
        if (simulated != null) {
            simulated.close();
        }
    }
}
