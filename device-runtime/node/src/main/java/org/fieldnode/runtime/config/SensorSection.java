// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.SensorIds;
import org.fieldnode.protocol.Suggestions;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The profile's {@code sensors:} list, devicetree style: one entry per part, bound to its driver by {@code
 * compatible}. Each entry is read key by key in declaration order, then placed on its bus ({@link SensorBusCheck});
 * its {@code pipeline:} and {@code personal:} lists are read by {@link SensorLists}.
 */
final class SensorSection {
    static final ProfileKey.Text ID = ProfileKey.Text.required(
            "id",
            "the sensor's name in readings (env0/temperature): " + SensorIds.EXPECTED + ", unique in the profile");
    static final ProfileKey.Text COMPATIBLE = ProfileKey.Text.required(
            "compatible",
            "the driver, \"vendor,part\" as fieldnode drivers lists it; quote it inside { }, where a comma ends a"
                    + " value");
    static final ProfileKey.Text BUS = ProfileKey.Text.required(
            "bus", "the bus it hangs on, by its name under buses; of a kind its driver works on");
    /**
     * Declared with the widest bounds any kind allows; {@link #address} narrows them to the bus's kind (devicetree's
     * {@code reg} means the same: the address of the node on its parent bus).
     */
    static final ProfileKey.WholeNumber REG = new ProfileKey.WholeNumber(
            "reg",
            0,
            247,
            0,
            "i2c, modbus: required; gpio: the bus's line; other kinds: not used",
            "i2c: the 7-bit address 0x08..0x77, one its driver declares; modbus: the slave id 1..247; gpio: the line"
                    + " offset 0..63");

    static final ProfileKey.Span INTERVAL = new ProfileKey.Span(
            "interval",
            Intervals.SAMPLE_MIN,
            Intervals.SAMPLE_MAX,
            Intervals.SAMPLE_DEFAULT,
            "how often it is sampled; a desired configuration's interval.<id> has the same bounds");
    /** Devicetree's {@code status}: {@code okay} or {@code disabled}, nothing else, so a typo cannot disable a part. */
    static final ProfileKey.Choice STATUS = new ProfileKey.Choice(
            "status",
            List.of("okay", "disabled"),
            "okay",
            "disabled keeps the sensor in the kit without opening it (devicetree's status)");

    static final ProfileKey.Nested PROPERTIES = new ProfileKey.Nested(
            "properties",
            "mapping of names to values",
            false,
            "the driver's settings, e.g. { oversampling: 2 }, each checked by the driver when it opens the part");
    static final ProfileKey.Nested PIPELINE = new ProfileKey.Nested(
            "pipeline",
            "list of { stage: ..., ... }",
            false,
            "what readings pass before they are queued, in order: median, moving-average, deadband, calibrate,"
                    + " resolution");
    static final ProfileKey.Nested PERSONAL = new ProfileKey.Nested(
            "personal",
            "list of quantities",
            false,
            "the driver's personal quantities this node keeps (SECURITY R21); the others are dropped when sampled");

    static final ProfileSection SCHEMA = new ProfileSection(
            "sensors[]",
            "One sensor, devicetree style: which driver, on which bus and address, how often, and what happens to its"
                    + " readings.",
            List.of(ID, COMPATIBLE, BUS, REG, INTERVAL, STATUS, PROPERTIES, PIPELINE, PERSONAL));

    /** A sensor and the mapping it was read from, for the checks that point into it after the list is read. */
    record Placed(SensorConfig sensor, YamlMap map, String path) {}

    private final YamlReader reader;
    private final Map<String, DriverDeclaration> drivers;
    private final Map<String, BusConfig> buses;
    private final SensorBusCheck busCheck;

    SensorSection(YamlReader reader, Map<String, DriverDeclaration> drivers, Map<String, BusConfig> buses) {
        this.reader = reader;
        this.drivers = drivers;
        this.buses = buses;
        this.busCheck = new SensorBusCheck(drivers);
    }

    /** Every well-formed entry of {@code sensors:}, in the order written. */
    List<Placed> read(YamlMap top) {
        List<Placed> sensors = new ArrayList<>();
        Node node = ProfileSchema.SENSORS.read(top);
        if (node == null) {
            return sensors;
        }
        SequenceNode sequence = reader.sequence(
                node, ProfileSchema.SENSORS.name(), "expected a list of sensors (lines starting with '- id: ...')");
        if (sequence == null) {
            return sensors;
        }
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            String path = "sensors[" + i + "]";
            YamlMap s = reader.mapping(sequence.getValue().get(i), path);
            if (s != null) {
                sensors.add(sensor(s, path, ids));
            }
        }
        return sensors;
    }

    /**
     * One entry, key by key. The order of the reads is the order of the problems a user sees; keep it the order of
     * the schema, so that the first problem printed is the first in the entry.
     */
    private Placed sensor(YamlMap s, String path, Map<String, String> ids) {
        s.only(SCHEMA.names());
        String id = ID.read(s);
        if (id != null && !SensorIds.isValid(id)) {
            s.problem(ID.name(), "expected " + SensorIds.EXPECTED);
        } else if (id != null && ids.putIfAbsent(id, path) != null) {
            s.problem(ID.name(), "'" + id + "' is already used by " + ids.get(id));
        }
        String compatible = COMPATIBLE.read(s);
        if (compatible != null && !drivers.containsKey(compatible)) {
            s.problem(COMPATIBLE.name(), "no driver for '" + compatible + "'" + driverHint(compatible, s));
        }
        String bus = BUS.read(s);
        if (bus != null && !buses.containsKey(bus)) {
            s.problem(
                    BUS.name(),
                    "no bus '" + bus + "' under buses" + Suggestions.hint(bus, buses.keySet()) + " (defined: "
                            + String.join(", ", buses.keySet()) + ")");
        }
        BusConfig busConfig = bus == null ? null : buses.get(bus);
        int address = address(s, busConfig);
        Duration interval = INTERVAL.read(s);
        boolean enabled = STATUS.read(s).equals("okay");
        Map<String, String> properties = s.scalarMap(PROPERTIES.name());
        busCheck.check(new SensorBusCheck.Candidate(s, path, compatible, bus, busConfig, address, enabled, properties));
        if (id != null && busConfig != null && address >= 0 && compatible != null) {
            DriverDeclaration driver = drivers.get(compatible);
            if (driver != null && driver.worksOn(busConfig.kind())) {
                checkDriver(s, path, driver, new SensorNode(id, compatible, bus, address, properties));
            }
        }
        PipelineSpec pipeline = SensorLists.pipeline(reader, PIPELINE.read(s), path + "." + PIPELINE.name());
        Set<Channel> personal = SensorLists.personal(
                reader,
                PERSONAL.read(s),
                path + "." + PERSONAL.name(),
                compatible,
                compatible == null || !drivers.containsKey(compatible)
                        ? Set.of()
                        : drivers.get(compatible).personalChannels());
        SensorConfig sensor =
                new SensorConfig(id, compatible, bus, address, interval, enabled, properties, pipeline, personal);
        return new Placed(sensor, s, path);
    }

    /** What the sensor's driver says about its {@code reg} and {@code properties}, located at the key it names. */
    private void checkDriver(YamlMap s, String path, DriverDeclaration driver, SensorNode node) {
        try {
            driver.check().check(node);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String key = colon > 0 ? message.substring(0, colon) : "";
            String text = colon > 0 ? message.substring(colon + 2) : message;
            if (key.equals(REG.name())) {
                s.problem(REG.name(), text);
            } else if (key.startsWith(PROPERTIES.name() + ".")) {
                String dotted = key.substring(PROPERTIES.name().length() + 1);
                reader.problem(propertyNode(s, dotted), path + "." + key, text);
            } else {
                s.problem(COMPATIBLE.name(), message);
            }
        }
    }

    /** The value of property {@code dotted} ({@code a.b} as a nested key or a literal one), or the nearest parent. */
    private static Node propertyNode(YamlMap sensor, String dotted) {
        Node properties = sensor.node(PROPERTIES.name());
        if (!(properties instanceof MappingNode map)) {
            return properties != null ? properties : sensor.node(COMPATIBLE.name());
        }
        int dot = dotted.indexOf('.');
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                continue;
            }
            if (key.getValue().equals(dotted)) {
                return t.getValueNode();
            }
            if (dot > 0 && key.getValue().equals(dotted.substring(0, dot))) {
                if (t.getValueNode() instanceof MappingNode group) {
                    for (NodeTuple inner : group.getValue()) {
                        if (inner.getKeyNode() instanceof ScalarNode k
                                && k.getValue().equals(dotted.substring(dot + 1))) {
                            return inner.getValueNode();
                        }
                    }
                }
                return t.getKeyNode();
            }
        }
        return properties;
    }

    /**
     * A suggestion for an unknown driver. In a flow mapping ({@code { compatible: ti,ina219 }}) the comma ends the
     * value and the part becomes a key of its own; say so rather than suggest a vendor.
     */
    private String driverHint(String compatible, YamlMap sensor) {
        if (!compatible.contains(",")) {
            for (String key : sensor.keys()) {
                if (drivers.containsKey(compatible + "," + key)) {
                    return "; inside { } a comma ends a value: write compatible: \"" + compatible + "," + key + "\"";
                }
            }
        }
        return Suggestions.hint(compatible, drivers.keySet());
    }

    /**
     * The sensor's {@code reg} as its bus kind reads it: a 7-bit I2C address (required; 0x00-0x07 and 0x78-0x7F
     * are reserved, I2C-bus specification UM10204 §3.1.12), a Modbus slave id (required, 1..247), a GPIO line offset (required unless the bus names a
     * {@code line}), otherwise optional and 0 when absent. An unknown bus is read as I2C, the most common.
     */
    private static int address(YamlMap s, BusConfig bus) {
        if (bus == null || bus.kind().equals("i2c")) {
            return REG.readRequiredWithin(s, 0x08, 0x77);
        }
        if (bus.kind().equals("modbus")) {
            return REG.readRequiredWithin(s, 1, 247); // the slave id ("Modbus over Serial Line V1.02" §2.2)
        }
        if (bus.kind().equals("gpio")) {
            if (bus.line().isPresent()) {
                return REG.readWithin(s, bus.line().getAsInt(), 0, 63);
            }
            if (s.node(REG.name()) == null) {
                s.problem(
                        REG.name(),
                        "missing; the GPIO line offset of the sensor (0..63), or line: on bus " + bus.name());
                return -1;
            }
            return REG.readWithin(s, -1, 0, 63);
        }
        return REG.read(s);
    }
}
