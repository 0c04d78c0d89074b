// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.fieldnode.cli.UserError;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartSettings;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.probe.HostBuses;
import org.fieldnode.runtime.probe.Probe;
import org.fieldnode.runtime.probe.ProbeResult;
import org.fieldnode.runtime.probe.ProfileSnippet;
import org.fieldnode.runtime.sampling.DriverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode probe}: what is connected. Prints YAML ready to paste into a profile (findings as comments) on
 * stdout and one key=value summary line on stderr. See {@link org.fieldnode.runtime.probe.I2cProbe} for exactly what
 * is sent to the chips.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Scan the I2C buses (identifying known chips by their identity registers or commands), list 1-Wire",
            "thermometers and serial ports, and print a profile snippet ready to paste. Writes no chip",
            "configuration: only address probes, register reads and read-only identity commands.",
            "With --simulate, probe a profile's simulated hardware instead (its Modbus lines scanned for slave ids).",
            "With --modbus DEVICE, also scan the Modbus RTU line on that RS-485 adapter for the slave ids that",
            "answer a read of holding register 0 (100 ms each: all 247 ids take about 25 s)."
        })
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--simulate",
            paramLabel = "PROFILE",
            description = "Probe the simulated hardware of this profile (a file or a built-in name).")
    private String simulate;

    @Option(
            names = "--modbus",
            paramLabel = "DEVICE",
            description = "Scan the Modbus RTU line on this serial device, e.g. /dev/ttyUSB0.")
    private Path modbus;

    @Option(
            names = "--baud",
            paramLabel = "N",
            defaultValue = "9600",
            description = "Baud rate of the --modbus line (default: ${DEFAULT-VALUE}; many probes ship at 4800).")
    private int baud;

    @Option(
            names = "--parity",
            paramLabel = "PARITY",
            defaultValue = "none",
            description = "Parity of the --modbus line: none (default), even or odd.")
    private String parity;

    @Option(
            names = "--slaves",
            paramLabel = "FROM-TO",
            defaultValue = "1-247",
            description = "The slave ids to try on the --modbus line (default: ${DEFAULT-VALUE}).")
    private String slaves;

    @Option(names = "--root", hidden = true, defaultValue = "/", description = "Where /dev and /sys are (tests).")
    private Path root;

    @Override
    public Integer call() throws ProfileException, UserError {
        ModbusSettings line = modbus == null ? null : modbusSettings();
        List<Integer> ids = modbus == null ? List.of() : slaveIds();
        ProbeResult result;
        if (simulate != null) {
            Profile profile = DriverRegistry.load().profileLoader().load(simulate);
            try {
                result = Probe.simulated(profile);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw ProfileException.of(profile.source(), e.getMessage());
            }
        } else {
            result = Probe.host(new HostBuses(root));
        }
        if (modbus != null) {
            List<ProbeResult.ModbusScan> lines = new ArrayList<>(result.modbusBuses());
            lines.add(Probe.modbus("rs485", modbus, line, ids, Sleeper.system()));
            result = new ProbeResult(
                    result.simulated(), result.i2cBuses(), result.oneWire(), result.serialPorts(), lines);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ProfileSnippet.of(result));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(
                "probe: simulated=%s i2c-buses=%d devices=%d identified=%d w1=%d serial=%d modbus-slaves=%d%n",
                result.simulated(),
                result.i2cBuses().size(),
                result.deviceCount(),
                result.identifiedCount(),
                result.oneWire().map(w -> w.thermometers().size()).orElse(0),
                result.serialPorts().size(),
                result.modbusSlaveCount());
        err.flush();
        return Main.EXIT_OK;
    }

    private ModbusSettings modbusSettings() throws UserError {
        UartSettings.Parity p = switch (parity) {
            case "none" -> UartSettings.Parity.NONE;
            case "even" -> UartSettings.Parity.EVEN;
            case "odd" -> UartSettings.Parity.ODD;
            default -> throw new UserError("--parity must be none, even or odd, got '" + parity + "'");
        };
        if (baud < 300 || baud > 921_600) {
            throw new UserError("--baud must be 300..921600, got " + baud);
        }
        return ModbusSettings.DEFAULTS.withLine(new UartSettings(baud, 8, p, 1));
    }

    private List<Integer> slaveIds() throws UserError {
        String[] range = slaves.split("-", -1);
        try {
            int from = Integer.parseInt(range[0].trim());
            int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
            if (range.length <= 2 && from >= 1 && to <= 247 && from <= to) {
                return IntStream.rangeClosed(from, to).boxed().toList();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--slaves must be an id or a range within 1-247, such as 1-20, got '" + slaves + "'");
    }
}
