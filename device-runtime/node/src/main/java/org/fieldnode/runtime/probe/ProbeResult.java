// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a probe found: the I2C buses and the devices on them, the 1-Wire thermometers and the serial ports.
 *
 * @param simulated true when the buses were a profile's simulated hardware
 */
public record ProbeResult(
        boolean simulated,
        List<I2cBusScan> i2cBuses,
        Optional<OneWireScan> oneWire,
        List<SerialPort> serialPorts,
        List<ModbusScan> modbusBuses) {
    public ProbeResult {
        i2cBuses = List.copyOf(i2cBuses);
        Objects.requireNonNull(oneWire, "oneWire");
        serialPorts = List.copyOf(serialPorts);
        modbusBuses = List.copyOf(modbusBuses);
    }

    /** A result without Modbus lines. */
    public ProbeResult(
            boolean simulated, List<I2cBusScan> i2cBuses, Optional<OneWireScan> oneWire, List<SerialPort> serialPorts) {
        this(simulated, i2cBuses, oneWire, serialPorts, List.of());
    }

    /**
     * A Modbus RTU line scanned for slave ids: those that answered a read of holding register 0 (with data or an
     * exception, which proves a slave there all the same).
     *
     * @param name the profile name of the line
     * @param device the serial device; empty when simulated
     * @param compatibles what the profile puts at each found id, when it says; empty on real hardware
     * @param problem why the line could not be scanned
     */
    public record ModbusScan(
            String name,
            Optional<String> device,
            int baud,
            List<Integer> slaves,
            Map<Integer, String> compatibles,
            Optional<String> problem) {
        public ModbusScan {
            slaves = List.copyOf(slaves);
            compatibles = Map.copyOf(compatibles);
        }
    }

    /**
     * One I2C bus.
     *
     * @param name the profile name, e.g. {@code i2c1}
     * @param number the Linux bus number ({@code /dev/i2c-N}); 0 when simulated
     * @param problem why the bus could not be scanned, e.g. missing permissions
     */
    public record I2cBusScan(String name, int number, List<Finding> findings, Optional<String> problem) {
        public I2cBusScan {
            findings = List.copyOf(findings);
        }
    }

    /**
     * The 1-Wire line and the ids of the DS18B20 probes (family 0x28) on it.
     *
     * @param name the profile name of the line
     * @param root the sysfs directory it was listed from; empty when simulated
     */
    public record OneWireScan(String name, Optional<String> root, List<String> thermometers) {
        public OneWireScan {
            thermometers = List.copyOf(thermometers);
        }
    }

    /** A serial port: its profile name and its device ({@code /dev/serial0}), empty when simulated. */
    public record SerialPort(String name, Optional<String> device) {}

    public boolean isEmpty() {
        return i2cBuses.isEmpty()
                && oneWire.map(w -> w.thermometers().isEmpty()).orElse(true)
                && serialPorts.isEmpty()
                && modbusBuses.isEmpty();
    }

    /** Modbus slaves found on every line. */
    public int modbusSlaveCount() {
        return modbusBuses.stream().mapToInt(m -> m.slaves().size()).sum();
    }

    public int deviceCount() {
        return i2cBuses.stream().mapToInt(b -> b.findings().size()).sum();
    }

    public int identifiedCount() {
        return (int) i2cBuses.stream()
                .flatMap(b -> b.findings().stream())
                .filter(Finding::confirmed)
                .count();
    }
}
