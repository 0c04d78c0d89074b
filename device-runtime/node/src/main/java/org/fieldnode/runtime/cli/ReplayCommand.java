// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.replay.Capture;
import org.fieldnode.drivers.replay.MalformedCaptureException;
import org.fieldnode.drivers.replay.Replay;
import org.fieldnode.drivers.replay.ReplayException;
import org.fieldnode.protocol.SensorIds;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.tinylog.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode replay}: decodes a capture taken on a real node with the real driver (see
 * {@link org.fieldnode.drivers.replay.Replay}) and prints the readings as one SenML JSON pack on stdout.
 *
 * <p>Names: base name {@code urn:dev:ops:replay:} and names {@code <id>/<quantity>}, the shape a node's report has
 * ({@code urn:dev:ops:<node id>:} + {@code env0/temperature}), so tools that read node reports read replays too and
 * never mistake one for a real node's data. The time is the time of the replay: a capture file carries none.
 *
 * <p>Exit codes: 0 with the pack; 1 when the driver finds the capture bad (checksum, missing register, no complete
 * frame), one line on stderr and nothing on stdout; 2 for a malformed capture ({@code FILE:LINE: ...}), an unknown
 * driver or an invalid option.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Decode a capture taken on a real node with the real driver, and print the readings as SenML JSON.",
            "Captures (SENSORS.md): i2cdump text for register-map I2C chips, hex bytes of the reply for command",
            "I2C chips and of the stream for UART sensors, the w1_slave file for a DS18B20.",
            "Exit 1 with one line when the capture holds no valid reading; exit 2 when it is malformed."
        })
public final class ReplayCommand implements Callable<Integer> {
    /** The base name of replayed readings. */
    static final String BASE_NAME = SeriesNames.baseName("replay");

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--driver",
            required = true,
            paramLabel = "VENDOR,PART",
            description = "The driver's compatible string, e.g. bosch,bme280 (fieldnode drivers lists them).")
    private String driver;

    @Option(names = "--capture", required = true, paramLabel = "FILE", description = "The capture file.")
    private Path capture;

    @Option(
            names = "--address",
            paramLabel = "ADDR",
            converter = AddressConverter.class,
            description = "The chip's bus address, e.g. 0x77 (default: the driver's lowest possible address).")
    private Integer address;

    @Option(
            names = "--id",
            paramLabel = "ID",
            defaultValue = "replay",
            description = "The sensor id in reading names (default: ${DEFAULT-VALUE}).")
    private String id;

    @Option(
            names = "--property",
            paramLabel = "KEY=VALUE",
            description = "A driver property as in the profile's properties, e.g. mount-height-m=2.5; repeatable.")
    private Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() throws UserError {
        // The driver's info lines (chip ready, settings) would add to the one line a failed replay prints.
        if (!Configuration.isFrozen()) {
            Configuration.set("level", "warn");
        }
        if (!SensorIds.isValid(id)) {
            throw new UserError("--id: expected %s, got '%s'".formatted(SensorIds.EXPECTED, id));
        }
        SensorDriverFactory factory = InstalledDrivers.load().require(driver);
        String text = read(capture);
        int at = address != null
                ? address
                : factory.addresses().stream().min(Integer::compare).orElse(0);
        SensorNode node = new SensorNode(id, driver, "replay", at, properties);
        Measurement measurement;
        try {
            Capture parsed = Replay.parse(factory.busKind(), capture.toString(), text);
            measurement = Replay.run(factory, node, parsed);
        } catch (MalformedCaptureException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } catch (DeviceException e) {
            return failed(withoutSensorId(e));
        } catch (ReplayException e) {
            return failed(e.getMessage());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SenmlRecord> records = new ArrayList<>();
        for (Map.Entry<Channel, Double> e : new TreeMap<>(measurement.values()).entrySet()) {
            records.add(new SenmlRecord(
                    BASE_NAME + id + "/" + e.getKey().quantity(),
                    e.getKey().unit().senml(),
                    e.getValue(),
                    now));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(new String(SenmlCodec.encode(records, SenmlFormat.JSON), StandardCharsets.UTF_8));
        out.flush();
        return Main.EXIT_OK;
    }

    private int failed(String why) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf("fieldnode replay: no reading from %s: %s%n", capture, why);
        err.flush();
        return Main.EXIT_FAILURE;
    }

    private String withoutSensorId(DeviceException e) {
        String message = e.getMessage();
        String prefix = e.sensorId() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String read(Path file) throws UserError {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new UserError("%s: larger than 1 MiB, not a capture".formatted(file));
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("%s: no such file".formatted(file));
        } catch (IOException e) {
            throw new UserError("%s: cannot read the capture: %s".formatted(file, e.getMessage()));
        }
    }
}
