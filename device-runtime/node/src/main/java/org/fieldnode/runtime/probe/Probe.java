// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.linux.LinuxUartPort;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.drivers.bus.modbus.RtuMaster;
import org.fieldnode.drivers.bus.pi4j.BoardBuses;
import org.fieldnode.drivers.bus.pi4j.Pi4jBusProvider;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.runtime.config.BusConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverJars;
import org.tinylog.Logger;

/** Looks at the buses of this machine, or of a profile's simulated hardware, and reports what answers. */
public final class Probe {
    private Probe() {}

    /** This machine's buses, I2C through Pi4J. */
    public static ProbeResult host(HostBuses host) {
        return host(host, Pi4jBusProvider::open);
    }

    /** This machine's buses, I2C through the provider {@code pi4j} makes for the adapters found. */
    static ProbeResult host(HostBuses host, Function<BoardBuses, BusProvider> pi4j) {
        Map<Integer, Path> adapters = host.i2cAdapters();
        List<ProbeResult.I2cBusScan> scans = new ArrayList<>();
        BoardBuses.Builder board = BoardBuses.builder();
        adapters.keySet().forEach(n -> board.i2c("i2c" + n, n));
        BusProvider buses = null;
        try {
            for (Map.Entry<Integer, Path> adapter : adapters.entrySet()) {
                String name = "i2c" + adapter.getKey();
                Optional<String> problem = HostBuses.accessProblem(adapter.getValue());
                if (problem.isEmpty() && buses == null) {
                    try {
                        buses = pi4j.apply(board.build());
                    } catch (RuntimeException e) {
                        Logger.debug(e, "Pi4J buses did not open");
                        problem = Optional.of("cannot open the I2C buses: " + e.getMessage());
                    }
                }
                List<Finding> findings =
                        problem.isEmpty() ? new I2cProbe(buses, Sleeper.system()).scan(name) : List.of();
                scans.add(new ProbeResult.I2cBusScan(name, adapter.getKey(), findings, problem));
            }
        } finally {
            if (buses != null) {
                buses.close();
            }
        }
        List<String> thermometers = host.w1Thermometers();
        Optional<ProbeResult.OneWireScan> oneWire = thermometers.isEmpty()
                ? Optional.empty()
                : Optional.of(new ProbeResult.OneWireScan(
                        "w1", Optional.of(host.devicePath(host.w1Devices())), thermometers));
        List<ProbeResult.SerialPort> ports = host.serialPorts().stream()
                .map(p -> new ProbeResult.SerialPort(
                        p.getFileName().toString().toLowerCase(java.util.Locale.ROOT), Optional.of(host.devicePath(p))))
                .toList();
        return new ProbeResult(false, scans, oneWire, ports);
    }

    /**
     * The simulated hardware of {@code profile}: every enabled sensor's simulated device put where the profile says
     * (on every bus, simulated or not), then probed as real hardware would be.
     *
     * @throws IllegalArgumentException when a sensor has no simulated device
     */
    public static ProbeResult simulated(Profile profile) {
        // Virtual time, shared by the chips and the probe: conversions and a Modbus scan's 245 silences pass at once.
        FakeSleeper clock = new FakeSleeper();
        SimulatedChips chips = SimulatedChips.standard(InstantSource.system(), clock, 1)
                .withPlugins(DriverJars.installed().classLoader());
        try (SimulatedBusProvider buses = new SimulatedBusProvider(chips)) {
            profile.buses().values().stream()
                    .filter(b -> b.kind().equals("i2c"))
                    .forEach(b -> buses.addI2cBus(b.name()));
            profile.buses().values().stream()
                    .filter(b -> b.modbus().isPresent())
                    .forEach(b -> buses.otherBuses()
                            .addModbusBus(b.name(), b.modbus().get().settings()));
            for (SensorConfig sensor : profile.enabledSensors()) {
                buses.populateDevice(sensor.toNode());
            }
            I2cProbe probe = new I2cProbe(buses, clock);
            List<ProbeResult.I2cBusScan> scans = new ArrayList<>();
            Optional<ProbeResult.OneWireScan> oneWire = Optional.empty();
            List<ProbeResult.SerialPort> ports = new ArrayList<>();
            List<ProbeResult.ModbusScan> modbus = new ArrayList<>();
            for (BusConfig bus : profile.buses().values()) {
                if (bus.modbus().isPresent()) {
                    modbus.add(scanSimulated(buses, profile, bus));
                    continue;
                }
                if (bus.kind().equals("i2c")) {
                    scans.add(new ProbeResult.I2cBusScan(bus.name(), 0, probe.scan(bus.name()), Optional.empty()));
                    continue;
                }
                List<String> ids = existing(
                        () -> buses.otherBuses().oneWireLine(bus.name()).ids());
                if (ids != null && oneWire.isEmpty()) {
                    oneWire = Optional.of(new ProbeResult.OneWireScan(
                            bus.name(),
                            Optional.empty(),
                            ids.stream().filter(id -> id.startsWith("28-")).toList()));
                }
                if (existing(() -> buses.otherBuses().uart(bus.name())) != null) {
                    ports.add(new ProbeResult.SerialPort(bus.name(), Optional.empty()));
                }
            }
            return new ProbeResult(true, scans, oneWire, ports, modbus);
        }
    }

    private static ProbeResult.ModbusScan scanSimulated(SimulatedBusProvider buses, Profile profile, BusConfig bus) {
        ModbusSettings settings = bus.modbus().get().settings();
        Map<Integer, String> compatibles = new TreeMap<>();
        profile.enabledSensors().stream()
                .filter(s -> s.bus().equals(bus.name()))
                .forEach(s -> compatibles.put(s.address(), s.compatible()));
        try (RtuMaster master = buses.otherBuses().modbusBus(bus.name()).openMaster("probe")) {
            List<Integer> found = master.scan(SLAVE_IDS, SCAN_TIMEOUT, "probe");
            Map<Integer, String> named = new TreeMap<>(compatibles);
            named.keySet().retainAll(found);
            return new ProbeResult.ModbusScan(
                    bus.name(), Optional.empty(), settings.line().baud(), found, named, Optional.empty());
        } catch (DeviceException e) {
            return new ProbeResult.ModbusScan(
                    bus.name(),
                    Optional.empty(),
                    settings.line().baud(),
                    List.of(),
                    Map.of(),
                    Optional.of(e.getMessage()));
        }
    }

    /** Slave ids 1..247, every id a slave may have ("Modbus over Serial Line V1.02" §2.2). */
    static final List<Integer> SLAVE_IDS = IntStream.rangeClosed(1, 247).boxed().toList();

    /** How long a scan waits for each id: probes answer within tens of milliseconds. */
    static final Duration SCAN_TIMEOUT = Duration.ofMillis(100);

    /**
     * The slave ids among {@code ids} that answer on the RS-485 adapter at {@code device} with {@code settings}: a
     * read of holding register 0 to each, one attempt, {@link #SCAN_TIMEOUT} each.
     */
    public static ProbeResult.ModbusScan modbus(
            String name, Path device, ModbusSettings settings, List<Integer> ids, Sleeper sleeper) {
        try (RtuMaster master = openMaster(device, settings, sleeper)) {
            List<Integer> found = master.scan(ids, SCAN_TIMEOUT, "probe");
            return new ProbeResult.ModbusScan(
                    name, Optional.of(device.toString()), settings.line().baud(), found, Map.of(), Optional.empty());
        } catch (DeviceException e) {
            return new ProbeResult.ModbusScan(
                    name,
                    Optional.of(device.toString()),
                    settings.line().baud(),
                    List.of(),
                    Map.of(),
                    Optional.of(e.getMessage()));
        }
    }

    /** The master on {@code device}; the port is closed again when the master cannot be made (stty refused it). */
    private static RtuMaster openMaster(Path device, ModbusSettings settings, Sleeper sleeper) throws DeviceException {
        LinuxUartPort port = LinuxUartPort.open(device, "probe", sleeper);
        try {
            return RtuMaster.open(port, settings, sleeper, Optional.empty(), device.toString(), "probe");
        } catch (DeviceException | RuntimeException e) {
            port.close();
            throw e;
        }
    }

    private static <T> T existing(java.util.function.Supplier<T> bus) {
        try {
            return bus.get();
        } catch (IllegalArgumentException e) {
            return null; // no such simulated bus of that kind
        }
    }
}
