// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link ProbeResult} as YAML ready to paste into a profile: what was found as comments, then
 * {@code buses:} and {@code sensors:}. Chips identified by address only are included with a {@code # possible}
 * comment; unknown devices and the sensors behind serial ports (which cannot be identified without talking their
 * protocol) appear as comments.
 */
public final class ProfileSnippet {
    private ProfileSnippet() {}

    public static String of(ProbeResult result) {
        StringBuilder out = new StringBuilder();
        out.append("# fieldnode probe")
                .append(result.simulated() ? " (simulated hardware)" : "")
                .append(": what answered; check every line before use.\n");
        if (result.isEmpty()) {
            out.append("# No I2C buses, 1-Wire thermometers or serial ports on this machine.\n")
                    .append("# On a Raspberry Pi, enable I2C, 1-Wire and the serial port with raspi-config"
                            + " (Interface Options).\n");
            return out.toString();
        }
        for (ProbeResult.I2cBusScan bus : result.i2cBuses()) {
            out.append("# ").append(bus.name());
            out.append(result.simulated() ? " (simulated)" : " (/dev/i2c-" + bus.number() + ")");
            out.append(':');
            if (bus.problem().isPresent()) {
                out.append(' ').append(bus.problem().get()).append('\n');
                continue;
            }
            out.append(bus.findings().isEmpty() ? " nothing answered\n" : "\n");
            for (Finding f : bus.findings()) {
                out.append("#   0x%02x  %-20s %s%n"
                        .formatted(
                                f.address(),
                                f.compatible()
                                        .map(c -> f.confirmed() ? c : c + "?")
                                        .orElse("unknown"),
                                f.evidence()));
            }
        }
        result.oneWire()
                .ifPresent(w -> out.append("# 1-Wire")
                        .append(w.root().map(r -> " (" + r + ")").orElse(""))
                        .append(": ")
                        .append(w.thermometers().isEmpty() ? "no DS18B20" : String.join(" ", w.thermometers()))
                        .append('\n'));
        if (!result.serialPorts().isEmpty()) {
            out.append("# serial ports:");
            result.serialPorts().forEach(p -> out.append(' ').append(p.device().orElse(p.name())));
            out.append('\n');
        }
        for (ProbeResult.ModbusScan line : result.modbusBuses()) {
            out.append("# ")
                    .append(line.name())
                    .append(" (")
                    .append(line.device().orElse("simulated"))
                    .append(", Modbus RTU at ")
                    .append(line.baud())
                    .append(" baud): ");
            if (line.problem().isPresent()) {
                out.append(line.problem().get()).append('\n');
            } else if (line.slaves().isEmpty()) {
                out.append("no slave answered\n");
            } else {
                out.append("slave ids ")
                        .append(String.join(
                                ", ",
                                line.slaves().stream().map(String::valueOf).toList()))
                        .append('\n');
            }
        }
        String simulated = result.simulated() ? ", simulated: true" : "";
        out.append("buses:\n");
        for (ProbeResult.I2cBusScan bus : result.i2cBuses()) {
            out.append("  %s: { kind: i2c%s }%n"
                    .formatted(bus.name(), result.simulated() ? simulated : ", bus: " + bus.number()));
        }
        result.oneWire()
                .ifPresent(w -> out.append("  %s: { kind: onewire%s%s }%n"
                        .formatted(
                                w.name(),
                                w.root()
                                        .filter(r -> !r.equals("/sys/bus/w1/devices"))
                                        .map(r -> ", root: " + r)
                                        .orElse(""),
                                simulated)));
        for (ProbeResult.SerialPort port : result.serialPorts()) {
            out.append("  %s: { kind: uart%s%s }%n"
                    .formatted(
                            port.name(),
                            port.device().map(d -> ", device: " + d).orElse(""),
                            simulated));
        }
        for (ProbeResult.ModbusScan line : result.modbusBuses()) {
            out.append("  %s: { kind: modbus%s%s%s }%n"
                    .formatted(
                            line.name(),
                            line.device().map(d -> ", device: " + d).orElse(""),
                            line.baud() == 9600 ? "" : ", baud: " + line.baud(),
                            simulated));
        }
        out.append("sensors:\n");
        Map<String, Integer> used = new HashMap<>();
        for (ProbeResult.I2cBusScan bus : result.i2cBuses()) {
            for (Finding f : bus.findings()) {
                if (f.compatible().isEmpty()) {
                    out.append("  # 0x%02x on %s: %s%n".formatted(f.address(), bus.name(), f.evidence()));
                    continue;
                }
                String compatible = f.compatible().get();
                out.append("  - { id: %s, compatible: \"%s\", bus: %s, reg: 0x%02x }%s%n"
                        .formatted(
                                id(compatible, used),
                                compatible,
                                bus.name(),
                                f.address(),
                                f.confirmed() ? "" : "  # possible: " + f.evidence()));
            }
        }
        result.oneWire()
                .ifPresent(w -> w.thermometers()
                        .forEach(rom -> out.append(
                                "  - { id: %s, compatible: \"maxim,ds18b20\", bus: %s, properties: { rom: %s } }%n"
                                        .formatted(id("maxim,ds18b20", used), w.name(), rom))));
        for (ProbeResult.SerialPort port : result.serialPorts()) {
            out.append("  # - { id: air0, compatible: \"plantower,pms5003\", bus: %s }".formatted(port.name()))
                    .append("  # which sensor is on this port? name its driver\n");
        }
        for (ProbeResult.ModbusScan line : result.modbusBuses()) {
            for (int slave : line.slaves()) {
                String compatible = line.compatibles().get(slave);
                if (compatible != null) {
                    out.append("  - { id: %s, compatible: \"%s\", bus: %s, reg: %d }%n"
                            .formatted(id(compatible, used), compatible, line.name(), slave));
                } else {
                    out.append(("  # - { id: probe%d, compatible: \"fieldnode,modbus-registers\", bus: %s, reg: %d }"
                                    + "  # which probe is slave %d? name its driver, or give its register map%n")
                            .formatted(slave, line.name(), slave, slave));
                }
            }
        }
        return out.toString();
    }

    /** {@code bme280_0}, {@code bme280_1}, … from the part of the compatible. */
    private static String id(String compatible, Map<String, Integer> used) {
        String part = compatible.substring(compatible.indexOf(',') + 1).replaceAll("[^a-z0-9_-]", "_");
        int n = used.merge(part, 1, Integer::sum) - 1;
        return (Character.isLetter(part.charAt(0)) ? part : "s" + part) + "_" + n;
    }
}
