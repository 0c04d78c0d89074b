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
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

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
 * Errors are located like profile errors ({@code FILE:LINE:COLUMN: key.path: what was expected}).
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
        try (InputStream in = Boards.class.getClassLoader().getResourceAsStream("boards/index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
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
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(source).build())
                    .composeString(yaml)
                    .orElseThrow(() -> ProfileException.of(source, "board file is empty"));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            throw new ProfileException(List.of(new ProfileProblem(
                    source,
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    "",
                    "not valid YAML: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw ProfileException.of(source, "not valid YAML: " + e.getMessage());
        }
        Reader reader = new Reader(source);
        Board board = reader.board(root);
        if (!reader.problems.isEmpty()) {
            throw new ProfileException(reader.problems);
        }
        return board;
    }

    /** One pass over a board document, collecting problems. */
    private static final class Reader {
        private final String source;
        private final List<ProfileProblem> problems = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        Board board(Node root) {
            Map<String, Node> top = mapping(
                    root, "", "compatible", "model", "soc", "cores", "ram-mib", "gpiochip-label", "buses", "header");
            if (top == null) {
                return null;
            }
            String compatible = requiredText(top, root, "", "compatible");
            if (compatible != null && !compatible.matches("[a-z0-9-]+,[a-z0-9-]+")) {
                problem(
                        top.get("compatible"),
                        "compatible",
                        "expected vendor,model in lower case, e.g. raspberrypi,4b");
            }
            String model = requiredText(top, root, "", "model");
            String soc = requiredText(top, root, "", "soc");
            int cores = requiredInt(top, root, "", "cores", 1, 64);
            List<Integer> ram = intList(top.get("ram-mib"), "ram-mib", 64, 1 << 20);
            if (ram.isEmpty()) {
                problem(
                        top.getOrDefault("ram-mib", root),
                        "ram-mib",
                        "expected the memory sizes in MiB, e.g. [1024, 2048]");
            }
            String label = requiredText(top, root, "", "gpiochip-label");
            List<HeaderPin> header = header(top.get("header"), root);
            Map<String, BoardBus> buses = buses(top.get("buses"), root, header);
            if (!problems.isEmpty()) {
                return null;
            }
            return new Board(
                    compatible, model, soc, cores, ram.stream().sorted().toList(), label, buses, header);
        }

        private List<HeaderPin> header(Node node, Node root) {
            List<HeaderPin> pins = new ArrayList<>();
            if (node == null) {
                problem(root, "header", "missing; list the 40 pins of the header");
                return pins;
            }
            if (!(node instanceof MappingNode m)) {
                problem(node, "header", "expected pin: { gpio: N, functions: [...] } or pin: { power: 3V3 }");
                return pins;
            }
            Set<Integer> lines = new HashSet<>();
            Map<Integer, HeaderPin> byPin = new TreeMap<>();
            for (NodeTuple t : m.getValue()) {
                Integer pin = integer(t.getKeyNode(), "header", 1, HEADER_PINS);
                if (pin == null) {
                    continue;
                }
                String path = "header." + pin;
                Map<String, Node> entry = mapping(t.getValueNode(), path, "gpio", "power", "functions");
                if (entry == null) {
                    continue;
                }
                OptionalInt gpio = OptionalInt.empty();
                if (entry.containsKey("gpio")) {
                    Integer line = integer(entry.get("gpio"), path + ".gpio", 0, 63);
                    if (line != null) {
                        gpio = OptionalInt.of(line);
                        if (!lines.add(line)) {
                            problem(entry.get("gpio"), path + ".gpio", "GPIO " + line + " is already on another pin");
                        }
                    }
                }
                String power = entry.containsKey("power") ? text(entry.get("power"), path + ".power") : "";
                if (power == null) {
                    power = "";
                }
                if (!power.isEmpty() && !POWER.contains(power)) {
                    problem(
                            entry.get("power"),
                            path + ".power",
                            "expected 3V3, 5V or GND" + Suggestions.hint(power, POWER));
                }
                if (gpio.isPresent() == !power.isEmpty()) {
                    problem(t.getValueNode(), path, "expected exactly one of gpio: or power:");
                }
                List<String> functions = textList(entry.get("functions"), path + ".functions");
                if (byPin.put(pin, new HeaderPin(pin, gpio, power, functions)) != null) {
                    problem(t.getKeyNode(), path, "pin " + pin + " is given twice");
                }
            }
            if (byPin.size() != HEADER_PINS && problems.isEmpty()) {
                List<Integer> missing = new ArrayList<>();
                for (int p = 1; p <= HEADER_PINS; p++) {
                    if (!byPin.containsKey(p)) {
                        missing.add(p);
                    }
                }
                problem(node, "header", "expected all 40 pins; missing " + missing);
            }
            pins.addAll(byPin.values());
            return pins;
        }

        private Map<String, BoardBus> buses(Node node, Node root, List<HeaderPin> header) {
            Map<String, BoardBus> buses = new LinkedHashMap<>();
            if (node == null) {
                problem(root, "buses", "missing; list the buses the header can carry");
                return buses;
            }
            if (!(node instanceof MappingNode m)) {
                problem(node, "buses", "expected a mapping of bus names to { kind: ..., ... }");
                return buses;
            }
            Set<Integer> onHeader = new HashSet<>();
            header.forEach(p -> p.gpio().ifPresent(onHeader::add));
            for (NodeTuple t : m.getValue()) {
                String name = text(t.getKeyNode(), "buses");
                if (name == null) {
                    continue;
                }
                String path = "buses." + name;
                Map<String, Node> bus =
                        mapping(t.getValueNode(), path, "kind", "bus", "device", "lines", "chip-selects", "enable");
                if (bus == null) {
                    continue;
                }
                String kind = requiredText(bus, t.getValueNode(), path, "kind");
                if (kind != null && !BUS_KINDS.contains(kind)) {
                    problem(
                            bus.get("kind"),
                            path + ".kind",
                            "expected one of i2c, spi, uart, onewire" + Suggestions.hint(kind, BUS_KINDS));
                }
                int number = bus.containsKey("bus") ? orZero(integer(bus.get("bus"), path + ".bus", 0, 255)) : 0;
                String device = requiredText(bus, t.getValueNode(), path, "device");
                List<Integer> lines = intList(bus.get("lines"), path + ".lines", 0, 63);
                List<Integer> cs = intList(bus.get("chip-selects"), path + ".chip-selects", 0, 63);
                for (int line : concat(lines, cs)) {
                    if (!onHeader.isEmpty() && !onHeader.contains(line)) {
                        problem(
                                bus.getOrDefault("lines", t.getValueNode()),
                                path + ".lines",
                                "GPIO " + line + " is not on the header");
                    }
                }
                String enable = requiredText(bus, t.getValueNode(), path, "enable");
                if (kind != null && device != null && enable != null) {
                    buses.put(name, new BoardBus(name, kind, number, device, lines, cs, enable));
                }
            }
            return buses;
        }

        private static List<Integer> concat(List<Integer> a, List<Integer> b) {
            List<Integer> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        private static int orZero(Integer value) {
            return value == null ? 0 : value;
        }

        private Map<String, Node> mapping(Node node, String path, String... keys) {
            if (!(node instanceof MappingNode m)) {
                problem(node, path, "expected a mapping of keys to values");
                return null;
            }
            Set<String> allowed = Set.of(keys);
            Map<String, Node> values = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = text(t.getKeyNode(), path);
                if (key == null) {
                    continue;
                }
                String keyPath = path.isEmpty() ? key : path + "." + key;
                if (!allowed.contains(key)) {
                    problem(
                            t.getKeyNode(),
                            keyPath,
                            "unknown key" + Suggestions.hint(key, allowed) + " (expected one of "
                                    + String.join(", ", keys) + ")");
                } else if (values.putIfAbsent(key, t.getValueNode()) != null) {
                    problem(t.getKeyNode(), keyPath, "duplicate key");
                }
            }
            return values;
        }

        private String requiredText(Map<String, Node> map, Node at, String path, String key) {
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Node value = map.get(key);
            if (value == null) {
                problem(at, keyPath, "missing; this key is required");
                return null;
            }
            return text(value, keyPath);
        }

        private int requiredInt(Map<String, Node> map, Node at, String path, String key, int min, int max) {
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Node value = map.get(key);
            if (value == null) {
                problem(at, keyPath, "missing; this key is required");
                return 0;
            }
            return orZero(integer(value, keyPath, min, max));
        }

        private String text(Node node, String path) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            problem(node, path, "expected a single value, not a list or mapping");
            return null;
        }

        private Integer integer(Node node, String path, int min, int max) {
            String s = text(node, path);
            if (s == null) {
                return null;
            }
            try {
                int v = Integer.parseInt(s);
                if (v < min || v > max) {
                    problem(node, path, "expected %d..%d, got %s".formatted(min, max, s));
                    return null;
                }
                return v;
            } catch (NumberFormatException e) {
                problem(node, path, "expected a whole number, got '" + s + "'");
                return null;
            }
        }

        private List<Integer> intList(Node node, String path, int min, int max) {
            List<Integer> values = new ArrayList<>();
            if (node == null) {
                return values;
            }
            if (!(node instanceof SequenceNode seq)) {
                problem(node, path, "expected a list such as [2, 3]");
                return values;
            }
            for (Node item : seq.getValue()) {
                Integer v = integer(item, path, min, max);
                if (v != null) {
                    values.add(v);
                }
            }
            return values;
        }

        private List<String> textList(Node node, String path) {
            List<String> values = new ArrayList<>();
            if (node == null) {
                return values;
            }
            if (!(node instanceof SequenceNode seq)) {
                problem(node, path, "expected a list such as [SDA1, I2C1_SDA]");
                return values;
            }
            for (Node item : seq.getValue()) {
                String v = text(item, path);
                if (v != null) {
                    values.add(v);
                }
            }
            return values;
        }

        private void problem(Node node, String path, String message) {
            Mark mark = node == null ? null : node.getStartMark().orElse(null);
            problems.add(new ProfileProblem(
                    source,
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    path,
                    message));
        }
    }
}
