// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.fieldnode.protocol.Suggestions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * The boards profiles can name, read from {@code boards/<name>.yaml} files listed in {@code boards/index.txt} on the
 * class path (the hardware-profiles jar). A board file:
 *
 * <pre>
 * compatible: raspberrypi,4b                 # what kits write as board:
 * model: Raspberry Pi 4 Model B              # the start of /proc/device-tree/model
 * soc: bcm2711
 * cores: 4
 * ram-mib: [1024, 2048, 4096, 8192]         # the sizes it is sold with
 * gpiochip-label: pinctrl-bcm2711            # the gpiochip that drives the header
 * buses:
 *   i2c1: { kind: i2c, bus: 1, device: /dev/i2c-1, lines: [2, 3], enable: "dtparam=i2c_arm=on" }
 *   spi0: { kind: spi, bus: 0, device: /dev/spidev0.0, lines: [9, 10, 11], chip-selects: [8, 7], enable: … }
 * header:                                     # physical pin: GPIO line and functions, or a power pin
 *   1: { power: 3V3 }
 *   3: { gpio: 2, functions: [SDA1] }
 * </pre>
 *
 * Read as a located {@link YamlDocument}, like profiles, so errors are located like profile errors ({@code
 * FILE:LINE:COLUMN: key.path: what was expected}).
 */
public final class Boards {
    /** The board name of profiles that run on simulators only; no board checks apply. */
    public static final String SIMULATED = "simulated";

    private static final int HEADER_PINS = 40;
    private static final Set<String> BUS_KINDS = Set.of("i2c", "spi", "uart", "onewire");
    private static final Set<String> POWER = Set.of("3V3", "5V", "GND");

    private final Map<String, Board> byCompatible;

    private Boards(Map<String, Board> byCompatible) {
        this.byCompatible = Map.copyOf(byCompatible);
    }

    /** A catalogue of the given boards. */
    public static Boards of(Board... boards) {
        Map<String, Board> map = new LinkedHashMap<>();
        for (Board b : boards) {
            map.put(b.compatible(), b);
        }
        return new Boards(map);
    }

    /**
     * The boards on the class path.
     *
     * @throws IllegalStateException when a shipped board file is broken (a packaging mistake, found by the tests)
     */
    public static Boards onClassPath() {
        Map<String, Board> boards = new LinkedHashMap<>();
        for (String name : index()) {
            String resource = "boards/" + name + ".yaml";
            try (InputStream in = Boards.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is listed in boards/index.txt but missing");
                }
                Board board = parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                boards.put(board.compatible(), board);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
            } catch (ProfileException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return new Boards(boards);
    }

    /** The names listed in {@code boards/index.txt}, e.g. {@code rpi-4b}. */
    public static List<String> index() {
        return ProfileSources.listed("boards/index.txt");
    }

    public Optional<Board> find(String compatible) {
        return Optional.ofNullable(byCompatible.get(compatible));
    }

    /** Every board's compatible, sorted. */
    public Set<String> compatibles() {
        return new TreeMap<>(byCompatible).keySet();
    }

    public List<Board> all() {
        return List.copyOf(byCompatible.values());
    }

    /**
     * The board whose {@link Board#model} starts {@code deviceTreeModel} (the text of {@code /proc/device-tree/model},
     * e.g. {@code Raspberry Pi 4 Model B Rev 1.4}); the longest such model wins.
     */
    public Optional<Board> byModel(String deviceTreeModel) {
        String model = deviceTreeModel.replace("\0", "").strip();
        return byCompatible.values().stream()
                .filter(b -> model.startsWith(b.model()))
                .max(java.util.Comparator.comparingInt(b -> b.model().length()));
    }

    /** Parses and checks one board file; {@code source} names it in messages. */
    public static Board parse(String source, String yaml) throws ProfileException {
        Node root = YamlDocument.compose(source, yaml, "board file");
        YamlReader reader = new YamlReader(source);
        Board board = board(reader, root);
        reader.throwIfFailed();
        return board;
    }

    /** The board at {@code root}; null after a problem. */
    private static Board board(YamlReader reader, Node root) {
        YamlMap top = reader.mapping(root, "");
        if (top == null) {
            return null;
        }
        top.only(List.of("compatible", "model", "soc", "cores", "ram-mib", "gpiochip-label", "buses", "header"));
        String compatible = top.requiredString("compatible");
        if (compatible != null && !compatible.matches("[a-z0-9-]+,[a-z0-9-]+")) {
            top.problem("compatible", "expected vendor,model in lower case, e.g. raspberrypi,4b");
        }
        String model = top.requiredString("model");
        String soc = top.requiredString("soc");
        int cores = top.requiredInteger("cores", 1, 64);
        List<Integer> ram = reader.integers(top.node("ram-mib"), "ram-mib", 64, 1 << 20);
        if (ram.isEmpty()) {
            top.problem("ram-mib", "expected the memory sizes in MiB, e.g. [1024, 2048]");
        }
        String label = top.requiredString("gpiochip-label");
        List<HeaderPin> header = header(reader, top);
        Map<String, BoardBus> buses = buses(reader, top, header);
        if (reader.failed()) {
            return null;
        }
        return new Board(compatible, model, soc, cores, ram.stream().sorted().toList(), label, buses, header);
    }

    /** The 40-pin header, every pin once, each a GPIO line or a power pin. */
    private static List<HeaderPin> header(YamlReader reader, YamlMap top) {
        List<HeaderPin> pins = new ArrayList<>();
        Node node = top.node("header");
        if (node == null) {
            reader.problem(top.node(), "header", "missing; list the 40 pins of the header");
            return pins;
        }
        if (!(node instanceof MappingNode m)) {
            reader.problem(node, "header", "expected pin: { gpio: N, functions: [...] } or pin: { power: 3V3 }");
            return pins;
        }
        Set<Integer> lines = new HashSet<>();
        Map<Integer, HeaderPin> byPin = new TreeMap<>();
        for (NodeTuple t : m.getValue()) {
            int pin = reader.integer(t.getKeyNode(), "header", -1, 1, HEADER_PINS);
            if (pin < 0) {
                continue;
            }
            String path = "header." + pin;
            YamlMap entry = reader.mapping(t.getValueNode(), path);
            if (entry == null) {
                continue;
            }
            entry.only(List.of("gpio", "power", "functions"));
            int line = entry.integer("gpio", -1, 0, 63);
            OptionalInt gpio = line < 0 ? OptionalInt.empty() : OptionalInt.of(line);
            if (gpio.isPresent() && !lines.add(line)) {
                entry.problem("gpio", "GPIO " + line + " is already on another pin");
            }
            String power = entry.string("power", "");
            if (!power.isEmpty() && !POWER.contains(power)) {
                entry.problem("power", "expected 3V3, 5V or GND" + Suggestions.hint(power, POWER));
            }
            if (gpio.isPresent() == !power.isEmpty()) {
                reader.problem(t.getValueNode(), path, "expected exactly one of gpio: or power:");
            }
            List<String> functions =
                    reader.texts(entry.node("functions"), entry.child("functions"), "[SDA1, I2C1_SDA]");
            if (byPin.put(pin, new HeaderPin(pin, gpio, power, functions)) != null) {
                reader.problem(t.getKeyNode(), path, "pin " + pin + " is given twice");
            }
        }
        if (byPin.size() != HEADER_PINS && !reader.failed()) {
            List<Integer> missing = new ArrayList<>();
            for (int p = 1; p <= HEADER_PINS; p++) {
                if (!byPin.containsKey(p)) {
                    missing.add(p);
                }
            }
            reader.problem(node, "header", "expected all 40 pins; missing " + missing);
        }
        pins.addAll(byPin.values());
        return pins;
    }

    /** The buses the header can carry, each on header lines only. */
    private static Map<String, BoardBus> buses(YamlReader reader, YamlMap top, List<HeaderPin> header) {
        Map<String, BoardBus> buses = new LinkedHashMap<>();
        Node node = top.node("buses");
        if (node == null) {
            reader.problem(top.node(), "buses", "missing; list the buses the header can carry");
            return buses;
        }
        if (!(node instanceof MappingNode m)) {
            reader.problem(node, "buses", "expected a mapping of bus names to { kind: ..., ... }");
            return buses;
        }
        Set<Integer> onHeader = new HashSet<>();
        header.forEach(p -> p.gpio().ifPresent(onHeader::add));
        reader.forEachNamedMapping(m, "buses", (name, bus) -> {
            bus.only(List.of("kind", "bus", "device", "lines", "chip-selects", "enable"));
            String kind = bus.requiredString("kind");
            if (kind != null && !BUS_KINDS.contains(kind)) {
                bus.problem("kind", "expected one of i2c, spi, uart, onewire" + Suggestions.hint(kind, BUS_KINDS));
            }
            int number = bus.integer("bus", 0, 0, 255);
            String device = bus.requiredString("device");
            List<Integer> lines = reader.integers(bus.node("lines"), bus.child("lines"), 0, 63);
            List<Integer> chipSelects = reader.integers(bus.node("chip-selects"), bus.child("chip-selects"), 0, 63);
            for (int line : concat(lines, chipSelects)) {
                if (!onHeader.isEmpty() && !onHeader.contains(line)) {
                    bus.problem("lines", "GPIO " + line + " is not on the header");
                }
            }
            String enable = bus.requiredString("enable");
            if (kind != null && device != null && enable != null) {
                buses.put(name, new BoardBus(name, kind, number, device, lines, chipSelects, enable));
            }
        });
        return buses;
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
