// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.fieldnode.runtime.store.FsyncPolicy;
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
 * Reads and validates hardware profiles (YAML). Collects every problem before failing, each as {@code
 * FILE:LINE:COLUMN: key.path: what was expected}, with a suggestion for misspelt keys, buses and drivers.
 *
 * <p>A profile is named either by a file path or by the name of a built-in profile on the class path ({@code
 * profiles/<name>.yaml}, listed in {@code profiles/index.txt}), such as {@code simulated-weather-station}.
 */
public final class ProfileLoader {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    /** The largest profile file read (1 MiB). */
    public static final int MAX_PROFILE_BYTES = 1 << 20;

    private static final Pattern SENSOR_ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern ENTRY_INDEX = Pattern.compile("\\.pipeline\\[(\\d+)]");
    /** A built-in profile's name: no path, no dots (the class path is not a file system to wander). */
    private static final Pattern BUILT_IN_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private static final Set<String> BUS_KINDS = new TreeSet<>(Set.of("i2c", "spi", "uart", "onewire", "iio", "gpio"));

    /** The keys each bus kind takes besides {@code kind} and {@code simulated}; see {@link BusConfig}. */
    private static final Map<String, List<String>> BUS_KEYS = Map.of(
            "i2c", List.of("bus"),
            "spi", List.of("bus", "chip-select"),
            "uart", List.of("device"),
            "onewire", List.of("root"),
            "iio", List.of("root"),
            "gpio", List.of("chip-label", "line"));

    /** Kinds of bus that carry one device each: one sensor per bus. */
    private static final Set<String> WHOLE_BUS_KINDS = Set.of("uart", "spi");

    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N} ._,/()#-]{1,64}");

    private final Set<String> knownCompatibles;
    private final Map<String, Set<Channel>> personalChannels;
    private final Supplier<Boards> boards;

    /**
     * A loader that checks kits against the boards on the class path ({@link Boards#onClassPath()}), for drivers
     * that declare no personal channel.
     *
     * @param knownCompatibles every {@code "vendor,part"} a registered driver binds
     */
    public ProfileLoader(Set<String> knownCompatibles) {
        this(knownCompatibles, Map.of());
    }

    /**
     * A loader that checks kits against the boards on the class path.
     *
     * @param knownCompatibles every {@code "vendor,part"} a registered driver binds
     * @param personalChannels the personal channels each driver declares, by compatible string (SECURITY R21): a
     *     sensor's {@code personal:} may keep these and no others
     */
    public ProfileLoader(Set<String> knownCompatibles, Map<String, Set<Channel>> personalChannels) {
        this.knownCompatibles = Set.copyOf(knownCompatibles);
        this.personalChannels = Map.copyOf(personalChannels);
        this.boards = memoized(Boards::onClassPath);
    }

    /** A loader that checks kits against {@code boards}. */
    public ProfileLoader(Set<String> knownCompatibles, Boards boards) {
        this.knownCompatibles = Set.copyOf(knownCompatibles);
        this.personalChannels = Map.of();
        Objects.requireNonNull(boards, "boards");
        this.boards = () -> boards;
    }

    private static Supplier<Boards> memoized(Supplier<Boards> supplier) {
        return new Supplier<>() {
            private Boards value;

            @Override
            public synchronized Boards get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** Loads a file if {@code nameOrPath} is one, otherwise the built-in profile of that name. */
    public Profile load(String nameOrPath) throws ProfileException {
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            return loadFile(path);
        }
        String resource = "profiles/" + nameOrPath + ".yaml";
        try (InputStream in = BUILT_IN_NAME.matcher(nameOrPath).matches()
                ? ProfileLoader.class.getClassLoader().getResourceAsStream(resource)
                : null) {
            if (in == null) {
                List<String> builtIn = builtInProfiles();
                throw ProfileException.of(
                        nameOrPath,
                        "no such profile: not a file, and not a built-in profile"
                                + Suggestions.hint(nameOrPath, builtIn) + " (built-in: "
                                + (builtIn.isEmpty() ? "none on the class path" : String.join(", ", builtIn)) + ")");
            }
            return parse(nameOrPath, new String(in.readNBytes(MAX_PROFILE_BYTES), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw ProfileException.of(nameOrPath, "cannot read built-in profile: " + e.getMessage());
        }
    }

    /** Loads and validates one profile file. */
    public Profile loadFile(Path path) throws ProfileException {
        String source = path.toString();
        try {
            if (Files.size(path) > MAX_PROFILE_BYTES) {
                throw ProfileException.of(source, "profile is larger than 1 MiB; is this the right file?");
            }
            return parse(
                    source,
                    Files.readString(path, StandardCharsets.UTF_8),
                    path.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw ProfileException.of(source, "cannot read profile: " + e.getMessage());
        }
    }

    /** The names of the built-in profiles found on the class path. */
    public static List<String> builtInProfiles() {
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream("profiles/index.txt")) {
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

    /**
     * Parses and validates profile text; {@code source} names it in messages. An overlay's {@code extends:} names a
     * built-in kit (a relative kit file needs {@link #loadFile}).
     */
    public Profile parse(String source, String yaml) throws ProfileException {
        return parse(source, yaml, null);
    }

    private Profile parse(String source, String yaml, Path directory) throws ProfileException {
        Node root = compose(source, yaml);
        Validation validation = new Validation(source);
        if (ProfileOverlay.isOverlay(root)) {
            root = validation.applyOverlay(root, directory);
            if (root == null) {
                throw new ProfileException(validation.problems);
            }
        }
        Profile profile = validation.profile(root);
        if (!validation.problems.isEmpty()) {
            throw new ProfileException(validation.problems);
        }
        return profile;
    }

    private static Node compose(String source, String yaml) throws ProfileException {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(source)
                    .setMaxAliasesForCollections(10)
                    .build();
            root = new Compose(settings)
                    .composeString(yaml)
                    .orElseThrow(() -> ProfileException.of(source, "profile is empty"));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
            throw new ProfileException(List.of(new ProfileProblem(
                    source,
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    "",
                    "not valid YAML: " + problem)));
        } catch (YamlEngineException e) {
            throw ProfileException.of(source, "not valid YAML: " + e.getMessage());
        }
        return root;
    }

    /** One pass over a composed document, collecting problems. */
    private final class Validation {
        private final String source;
        private final List<ProfileProblem> problems = new ArrayList<>();
        private final Map<String, YamlMap> busMaps = new LinkedHashMap<>();
        private final List<Placed> placedSensors = new ArrayList<>();

        /** A sensor and the mapping it was read from, for checks that need its location. */
        private record Placed(SensorConfig sensor, YamlMap map, String path) {}

        Validation(String source) {
            this.source = source;
        }

        /** The kit named by the overlay's {@code extends:}, with the overlay merged in; null after a problem. */
        Node applyOverlay(Node overlay, Path directory) throws ProfileException {
            ScalarNode name = ProfileOverlay.extendsNode(overlay).orElse(null);
            if (name == null || name.getValue().isBlank()) {
                problem(
                        overlay,
                        ProfileOverlay.EXTENDS,
                        "expected the kit this overlay changes: a built-in kit such as weather-station, or a kit file");
                return null;
            }
            String kitName = name.getValue();
            String kitText = null;
            String kitSource = kitName;
            Path file = null;
            if (directory != null) {
                try {
                    file = kitFileInside(directory, kitName).orElse(null);
                } catch (IllegalArgumentException outside) {
                    problem(name, ProfileOverlay.EXTENDS, outside.getMessage());
                    return null;
                }
            }
            if (file != null && Files.isRegularFile(file)) {
                kitSource = file.toString();
                try {
                    if (Files.size(file) > MAX_PROFILE_BYTES) {
                        throw ProfileException.of(kitSource, "profile is larger than 1 MiB; is this the right file?");
                    }
                    kitText = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    problem(name, ProfileOverlay.EXTENDS, "cannot read " + file + ": " + e.getMessage());
                    return null;
                }
            } else if (BUILT_IN_NAME.matcher(kitName).matches()) {
                try (InputStream in =
                        ProfileLoader.class.getClassLoader().getResourceAsStream("profiles/" + kitName + ".yaml")) {
                    if (in != null) {
                        kitText = new String(in.readNBytes(MAX_PROFILE_BYTES), StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    // reported below as not found
                }
            }
            if (kitText == null) {
                List<String> kits = builtInProfiles();
                problem(
                        name,
                        ProfileOverlay.EXTENDS,
                        "no kit '" + kitName + "': not a file next to this overlay and not a built-in profile"
                                + Suggestions.hint(kitName, kits) + " (built-in: "
                                + (kits.isEmpty() ? "none" : String.join(", ", kits)) + ")");
                return null;
            }
            Node kit = compose(kitSource, kitText);
            if (ProfileOverlay.isOverlay(kit)) {
                problem(
                        name,
                        ProfileOverlay.EXTENDS,
                        "'" + kitName + "' is itself an overlay; an overlay extends a kit, not another overlay");
                return null;
            }
            if (!(kit instanceof MappingNode kitMap)) {
                problem(name, ProfileOverlay.EXTENDS, "'" + kitName + "' is not a kit (expected a mapping)");
                return null;
            }
            return ProfileOverlay.merge(kitMap, (MappingNode) overlay, kitName, this::problem);
        }

        /**
         * The kit file {@code kitName} names, which must lie inside the overlay's directory: a relative path that
         * does not climb out of it ({@code ../}), an absolute path into it, and no symbolic link on the way that leads
         * elsewhere. A kit that cannot be read from elsewhere cannot bring in a file the overlay's author did not mean.
         *
         * @return empty when no such file exists (then it may name a built-in kit)
         * @throws IllegalArgumentException, with the problem as its message, when it points outside
         */
        private Optional<Path> kitFileInside(Path directory, String kitName) {
            Path base = directory.toAbsolutePath().normalize();
            Path file;
            try {
                file = base.resolve(kitName).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("'" + kitName + "' is not a file name");
            }
            String outside = "'" + kitName + "' is outside the overlay's directory " + base
                    + ": a kit file must be next to the overlay (or below it)";
            if (!file.startsWith(base)) {
                throw new IllegalArgumentException(outside);
            }
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try {
                if (!file.toRealPath().startsWith(base.toRealPath())) {
                    throw new IllegalArgumentException(outside + " (a symbolic link leads out of it)");
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.of(file);
        }

        Profile profile(Node root) {
            YamlMap top = map(root, "");
            if (top == null) {
                return null;
            }
            top.only("board", "node", "buses", "sensors", "report", "queue");
            String board = top.requiredString("board");
            NodeLabels node = top.node("node") == null ? NodeLabels.none() : nodeLabels(top);
            Map<String, BusConfig> buses = buses(top);
            List<SensorConfig> sensors = sensors(top, buses);
            ReportConfig report = top.node("report") == null ? ReportConfig.defaults() : report(top);
            QueueConfig queue = top.node("queue") == null ? QueueConfig.defaults() : queue(top);
            if (board != null) {
                checkAgainstBoard(top, board, buses);
            }
            return new Profile(source, board, buses, sensors, report, queue, node);
        }

        private NodeLabels nodeLabels(YamlMap top) {
            YamlMap n = map(top.node("node"), "node");
            if (n == null) {
                return NodeLabels.none();
            }
            n.only("name", "location");
            return new NodeLabels(label(n, "name"), label(n, "location"));
        }

        private Optional<String> label(YamlMap map, String key) {
            String value = map.string(key, null);
            if (value != null && !LABEL.matcher(value).matches()) {
                map.problem(key, "expected a short label (1..64 letters, digits, spaces or . _ , / ( ) # -)");
                return Optional.empty();
            }
            return Optional.ofNullable(value);
        }

        /**
         * Checks a kit on a known board: its buses exist there, its gpiochip label is the board's, no GPIO line is
         * taken twice (by two buses, two sensors, or a sensor on a line one of the profile's buses uses).
         */
        private void checkAgainstBoard(YamlMap top, String boardName, Map<String, BusConfig> buses) {
            if (boardName.equals(Boards.SIMULATED)) {
                return;
            }
            Boards catalogue = boards.get();
            Optional<Board> found = catalogue.find(boardName);
            if (found.isEmpty()) {
                if (boardName.contains(",")) {
                    top.problem(
                            "board",
                            "unknown board '" + boardName + "'" + Suggestions.hint(boardName, catalogue.compatibles())
                                    + " (known: " + String.join(", ", catalogue.compatibles()) + ", or "
                                    + Boards.SIMULATED + ")");
                }
                return; // a free-form board name: no board to check against
            }
            PinCheck pins = new PinCheck(found.get());
            for (BusConfig bus : buses.values()) {
                YamlMap map = busMaps.get(bus.name());
                if (bus.simulated() || map == null) {
                    continue;
                }
                pins.bus(bus).ifPresent(p -> map.problem(p.key(), p.message()));
            }
            for (Placed placed : placedSensors) {
                BusConfig bus = buses.get(placed.sensor().bus());
                if (bus == null || bus.simulated() || !placed.sensor().enabled()) {
                    continue;
                }
                YamlMap map = placed.map();
                // a line given by the bus (line:) is the sensor's through its bus: point there
                pins.sensor(placed.sensor(), placed.path(), bus)
                        .ifPresent(p -> map.problem(
                                p.key().equals("reg") && map.node("reg") == null ? "bus" : p.key(), p.message()));
            }
        }

        private Map<String, BusConfig> buses(YamlMap top) {
            Map<String, BusConfig> buses = new LinkedHashMap<>();
            YamlMap busesMap = map(top.required("buses"), "buses");
            if (busesMap == null) {
                return buses;
            }
            for (NodeTuple t : busesMap.tuples()) {
                String name = scalar(t.getKeyNode(), "buses");
                if (name == null) {
                    continue;
                }
                String path = "buses." + name;
                YamlMap bus = map(t.getValueNode(), path);
                if (bus == null) {
                    continue;
                }
                String kind = bus.requiredString("kind");
                if (kind != null && !BUS_KINDS.contains(kind)) {
                    bus.problem(
                            "kind",
                            "expected one of " + String.join(", ", BUS_KINDS) + Suggestions.hint(kind, BUS_KINDS));
                }
                if (kind == null || !BUS_KINDS.contains(kind)) {
                    buses.put(name, new BusConfig(name, String.valueOf(kind), 0, false)); // checked no further
                    continue;
                }
                List<String> keys = new ArrayList<>(List.of("kind"));
                keys.addAll(BUS_KEYS.get(kind));
                keys.add("simulated");
                bus.onlyFor("a " + kind + " bus", keys.toArray(String[]::new));
                buses.put(name, busConfig(bus, name, kind));
                busMaps.put(name, bus);
            }
            return buses;
        }

        private BusConfig busConfig(YamlMap bus, String name, String kind) {
            boolean simulated = bus.bool("simulated", false);
            return switch (kind) {
                case "i2c" -> new BusConfig(name, kind, busNumber(bus, simulated), simulated);
                case "spi" ->
                    new BusConfig(
                            name,
                            kind,
                            busNumber(bus, simulated),
                            simulated,
                            bus.integer("chip-select", 0, 0, 255),
                            Optional.empty(),
                            Optional.empty(),
                            List.of(),
                            OptionalInt.empty());
                case "uart" -> {
                    Optional<Path> device = bus.absolutePath("device", "/dev/serial0");
                    if (device.isEmpty() && !simulated && bus.node("device") == null) {
                        bus.problem("device", "missing; a uart bus needs its serial device, e.g. /dev/serial0");
                    }
                    yield new BusConfig(
                            name, kind, 0, simulated, 0, device, Optional.empty(), List.of(), OptionalInt.empty());
                }
                case "onewire", "iio" -> {
                    Path fallback = kind.equals("onewire") ? BusConfig.DEFAULT_W1_ROOT : BusConfig.DEFAULT_IIO_ROOT;
                    Path root = bus.absolutePath("root", fallback.toString()).orElse(fallback);
                    yield new BusConfig(
                            name,
                            kind,
                            0,
                            simulated,
                            0,
                            Optional.empty(),
                            Optional.of(root),
                            List.of(),
                            OptionalInt.empty());
                }
                case "gpio" -> {
                    String label = bus.string("chip-label", null);
                    int line = bus.integer("line", -1, 0, 63);
                    yield new BusConfig(
                            name,
                            kind,
                            0,
                            simulated,
                            0,
                            Optional.empty(),
                            Optional.empty(),
                            label == null ? List.of() : List.of(label),
                            line < 0 ? OptionalInt.empty() : OptionalInt.of(line));
                }
                default -> throw new IllegalStateException("unchecked bus kind " + kind);
            };
        }

        private int busNumber(YamlMap bus, boolean simulated) {
            return simulated ? bus.integer("bus", 0, 0, 255) : bus.requiredInteger("bus", 0, 255);
        }

        private List<SensorConfig> sensors(YamlMap top, Map<String, BusConfig> buses) {
            List<SensorConfig> sensors = new ArrayList<>();
            Node node = top.required("sensors");
            if (node == null) {
                return sensors;
            }
            if (!(node instanceof SequenceNode sequence)) {
                problem(node, "sensors", "expected a list of sensors (lines starting with '- id: ...')");
                return sensors;
            }
            Map<String, String> ids = new HashMap<>();
            Map<String, String> addresses = new HashMap<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                String path = "sensors[" + i + "]";
                YamlMap s = map(sequence.getValue().get(i), path);
                if (s == null) {
                    continue;
                }
                s.only("id", "compatible", "bus", "reg", "interval", "status", "properties", "pipeline", "personal");
                String id = s.requiredString("id");
                if (id != null && !SENSOR_ID.matcher(id).matches()) {
                    s.problem("id", "expected a short lower-case name such as env0 (a-z, 0-9, _ or -)");
                } else if (id != null && ids.putIfAbsent(id, path) != null) {
                    s.problem("id", "'" + id + "' is already used by " + ids.get(id));
                }
                String compatible = s.requiredString("compatible");
                if (compatible != null && !knownCompatibles.contains(compatible)) {
                    s.problem("compatible", "no driver for '" + compatible + "'" + driverHint(compatible, s));
                }
                String bus = s.requiredString("bus");
                if (bus != null && !buses.containsKey(bus)) {
                    s.problem(
                            "bus",
                            "no bus '" + bus + "' under buses" + Suggestions.hint(bus, buses.keySet()) + " (defined: "
                                    + String.join(", ", buses.keySet()) + ")");
                }
                BusConfig busConfig = bus == null ? null : buses.get(bus);
                int address = address(s, busConfig);
                Duration interval = s.duration("interval", DEFAULT_INTERVAL);
                String status = s.string("status", "okay");
                if (!status.equals("okay") && !status.equals("disabled")) {
                    s.problem(
                            "status",
                            "expected okay or disabled" + Suggestions.hint(status, Set.of("okay", "disabled")));
                }
                Map<String, String> properties = s.scalarMap("properties");
                boolean enabled = status.equals("okay");
                if (enabled && bus != null && address >= 0) {
                    boolean wholeBus = busConfig != null && WHOLE_BUS_KINDS.contains(busConfig.kind());
                    String key = wholeBus ? bus : bus + "@" + address;
                    String other = addresses.putIfAbsent(key, path);
                    if (other != null) {
                        if (wholeBus) {
                            s.problem("bus", "%s carries one device, and %s is on it already".formatted(bus, other));
                        } else if (busConfig != null && busConfig.kind().equals("gpio")) {
                            s.problem(
                                    s.node("reg") == null ? "bus" : "reg",
                                    "GPIO line %d on %s is already taken by %s".formatted(address, bus, other));
                        } else {
                            s.problem(
                                    "reg",
                                    "address 0x%02x on %s is already taken by %s".formatted(address, bus, other));
                        }
                    }
                }
                PipelineSpec pipeline = pipeline(s, path);
                Set<Channel> personal = personal(s, path, compatible);
                SensorConfig sensor = new SensorConfig(
                        id, compatible, bus, address, interval, enabled, properties, pipeline, personal);
                sensors.add(sensor);
                placedSensors.add(new Placed(sensor, s, path));
            }
            return sensors;
        }

        /**
         * A suggestion for an unknown driver. In a flow mapping ({@code { compatible: ti,ina219 }}) the comma ends the
         * value and the part becomes a key of its own; say so rather than suggest a vendor.
         */
        private String driverHint(String compatible, YamlMap sensor) {
            if (!compatible.contains(",")) {
                for (String key : sensor.keys()) {
                    if (knownCompatibles.contains(compatible + "," + key)) {
                        return "; inside { } a comma ends a value: write compatible: \"" + compatible + "," + key
                                + "\"";
                    }
                }
            }
            return Suggestions.hint(compatible, knownCompatibles);
        }

        /**
         * The sensor's {@code personal:} list (SECURITY R21): quantities its driver declares personal that this node
         * keeps; every other personal channel of the driver is dropped when sampled. Problems point at the entry.
         */
        private Set<Channel> personal(YamlMap sensor, String sensorPath, String compatible) {
            Node node = sensor.node("personal");
            if (node == null) {
                return Set.of();
            }
            String path = sensorPath + ".personal";
            if (!(node instanceof SequenceNode list)) {
                problem(node, path, "expected a list of the personal quantities to keep, e.g. [presence]");
                return Set.of();
            }
            Set<Channel> declared = compatible == null ? Set.of() : personalChannels.getOrDefault(compatible, Set.of());
            Set<String> names = new TreeSet<>();
            declared.forEach(c -> names.add(c.quantity()));
            Set<Channel> kept = new java.util.HashSet<>();
            for (int j = 0; j < list.getValue().size(); j++) {
                Node item = list.getValue().get(j);
                String quantity = scalar(item, path + "[" + j + "]");
                if (quantity == null) {
                    continue;
                }
                Optional<Channel> channel = declared.stream()
                        .filter(c -> c.quantity().equals(quantity))
                        .findFirst();
                if (channel.isPresent()) {
                    kept.add(channel.get());
                } else if (declared.isEmpty()) {
                    problem(
                            item,
                            path + "[" + j + "]",
                            "'" + quantity + "' is not a personal quantity of " + compatible
                                    + " (it declares none, so nothing needs enabling: leave personal out)");
                } else {
                    problem(
                            item,
                            path + "[" + j + "]",
                            "'" + quantity + "' is not a personal quantity of " + compatible
                                    + Suggestions.hint(quantity, names) + " (it declares " + String.join(", ", names)
                                    + ")");
                }
            }
            return kept;
        }

        /** The sensor's {@code pipeline:} list, checked by {@link PipelineSpec#parse}; problems point at the entry. */
        private PipelineSpec pipeline(YamlMap sensor, String sensorPath) {
            Node node = sensor.node("pipeline");
            if (node == null) {
                return PipelineSpec.none();
            }
            String path = sensorPath + ".pipeline";
            if (!(node instanceof SequenceNode list)) {
                problem(node, path, "expected a list of stages (lines starting with '- { stage: ... }')");
                return PipelineSpec.none();
            }
            List<Map<String, String>> entries = new ArrayList<>();
            for (int j = 0; j < list.getValue().size(); j++) {
                YamlMap entry = map(list.getValue().get(j), path + "[" + j + "]");
                if (entry == null) {
                    return PipelineSpec.none();
                }
                Map<String, String> keys = new LinkedHashMap<>();
                for (NodeTuple t : entry.tuples()) {
                    String k = scalar(t.getKeyNode(), path + "[" + j + "]");
                    String v = scalar(t.getValueNode(), path + "[" + j + "]." + k);
                    if (k == null || v == null) {
                        return PipelineSpec.none();
                    }
                    keys.put(k, v);
                }
                entries.add(keys);
            }
            try {
                return PipelineSpec.parse(entries, path);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                String keyPath = colon > 0 ? message.substring(0, colon) : path;
                Matcher index = ENTRY_INDEX.matcher(keyPath);
                Node at = index.find()
                                && Integer.parseInt(index.group(1))
                                        < list.getValue().size()
                        ? list.getValue().get(Integer.parseInt(index.group(1)))
                        : node;
                problem(at, keyPath, colon > 0 ? message.substring(colon + 2) : message);
                return PipelineSpec.none();
            }
        }

        private QueueConfig queue(YamlMap top) {
            YamlMap q = map(top.node("queue"), "queue");
            QueueConfig defaults = QueueConfig.defaults();
            if (q == null) {
                return defaults;
            }
            q.only("disk-budget", "fsync", "fsync-interval", "segment-size");
            long budget = q.size("disk-budget", defaults.diskBudgetBytes());
            long segment = q.size("segment-size", defaults.segmentBytes());
            String fsync = q.string("fsync", "per-batch");
            FsyncPolicy policy = defaults.fsync();
            switch (fsync) {
                case "per-record" -> policy = FsyncPolicy.PER_RECORD;
                case "per-batch" -> policy = FsyncPolicy.PER_BATCH;
                case "interval" -> {
                    Duration every = q.duration("fsync-interval", null, Duration.ofSeconds(1), Duration.ofHours(1));
                    if (every == null) {
                        q.problem("fsync-interval", "missing; fsync: interval needs fsync-interval, e.g. 60s");
                    } else {
                        policy = FsyncPolicy.interval(every);
                    }
                }
                default ->
                    q.problem(
                            "fsync",
                            "expected per-record, per-batch or interval"
                                    + Suggestions.hint(fsync, Set.of("per-record", "per-batch", "interval")));
            }
            try {
                QueueConfig config = new QueueConfig(budget, policy, segment);
                config.settingsIn(Path.of("queue"));
                return config;
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                String key = colon > 0 ? message.substring("queue.".length(), colon) : "";
                q.problem(key, colon > 0 ? message.substring(colon + 2) : message);
                return defaults;
            }
        }

        /**
         * The sensor's {@code reg} as its bus kind reads it: a 7-bit I2C address (required; 0x00-0x07 and 0x78-0x7F
         * are reserved, I2C-bus specification UM10204 §3.1.12), a GPIO line offset (required unless the bus names
         * a {@code line}), otherwise optional and 0 when absent.
         */
        private int address(YamlMap s, BusConfig bus) {
            if (bus == null || bus.kind().equals("i2c")) {
                return s.requiredInteger("reg", 0x08, 0x77);
            }
            if (bus.kind().equals("gpio")) {
                if (bus.line().isPresent()) {
                    return s.integer("reg", bus.line().getAsInt(), 0, 63);
                }
                if (s.node("reg") == null) {
                    s.problem(
                            "reg",
                            "missing; the GPIO line offset of the sensor (0..63), or line: on bus " + bus.name());
                    return -1;
                }
                return s.integer("reg", -1, 0, 63);
            }
            return s.integer("reg", 0, 0, 0x7F);
        }

        private ReportConfig report(YamlMap top) {
            YamlMap r = map(top.node("report"), "report");
            if (r == null) {
                return ReportConfig.defaults();
            }
            r.only(
                    "collector",
                    "format",
                    "psk-file",
                    "batch-readings",
                    "link",
                    "health-interval",
                    "start-delay",
                    "drain-gap",
                    "interval",
                    "protocol",
                    "server",
                    "endpoint",
                    "lifetime",
                    "bootstrap");
            Optional<URI> collector = Optional.empty();
            String uri = r.string("collector", null);
            if (uri != null) {
                collector = collectorUri(r, uri);
            }
            String format = r.string("format", ReportConfig.DEFAULT_FORMAT);
            if (!format.equals("cbor") && !format.equals("json")) {
                r.problem("format", "expected cbor or json");
            }
            String psk = r.string("psk-file", null);
            int batch = r.integer("batch-readings", ReportConfig.DEFAULT_MAX_BATCH_READINGS, 1, 1024);
            LinkSettings link = r.node("link") == null ? LinkSettings.defaults() : link(r);
            Duration health = r.duration(
                    "health-interval",
                    ReportConfig.DEFAULT_HEALTH_INTERVAL,
                    Duration.ofSeconds(10),
                    Duration.ofDays(1));
            Duration startDelay =
                    r.duration("start-delay", ReportConfig.DEFAULT_START_DELAY, Duration.ZERO, Duration.ofHours(1));
            Duration drainGap =
                    r.duration("drain-gap", ReportConfig.DEFAULT_DRAIN_GAP, Duration.ZERO, Duration.ofMinutes(10));
            Duration interval =
                    r.duration("interval", ReportConfig.DEFAULT_INTERVAL, Duration.ZERO, Duration.ofHours(24));
            return new ReportConfig(
                    collector,
                    format,
                    Optional.ofNullable(psk).map(Path::of),
                    batch,
                    link,
                    health,
                    startDelay,
                    drainGap,
                    interval,
                    protocol(r));
        }

        /**
         * {@code report.protocol}: {@code coap} (a fieldnode collector, the default) or {@code lwm2m} with its keys
         * {@code server}, {@code endpoint}, {@code lifetime} and {@code bootstrap}, which belong to it alone.
         */
        private Optional<Lwm2mConfig> protocol(YamlMap r) {
            String protocol = r.string("protocol", "coap");
            List<String> lwm2mKeys = List.of("server", "endpoint", "lifetime", "bootstrap");
            if (!protocol.equals("lwm2m")) {
                if (!protocol.equals("coap")) {
                    r.problem(
                            "protocol",
                            "expected coap (a fieldnode collector, the default) or lwm2m (an LwM2M 1.1 server)");
                }
                lwm2mKeys.stream()
                        .filter(key -> r.node(key) != null)
                        .forEach(key -> r.problem(key, "belongs to protocol: lwm2m; this profile reports over CoAP"));
                return Optional.empty();
            }
            if (r.node("collector") != null) {
                r.problem("collector", "belongs to protocol: coap; an LwM2M node reports to report.server");
            }
            String text = r.string("server", null);
            if (text == null) {
                r.problem("protocol", "lwm2m needs report.server: coaps://HOST[:PORT], the LwM2M server");
                return Optional.empty();
            }
            String endpoint = r.string("endpoint", null);
            if (endpoint != null && !endpoint.matches("[A-Za-z0-9._:-]{1,128}")) {
                r.problem("endpoint", "expected 1 to 128 of A-Z a-z 0-9 . _ : - (the LwM2M endpoint client name)");
            }
            Duration lifetime =
                    r.duration("lifetime", Lwm2mConfig.DEFAULT_LIFETIME, Duration.ofSeconds(10), Duration.ofDays(30));
            boolean bootstrap = r.bool("bootstrap", false);
            try {
                URI server = new URI(text);
                if (!"coaps".equals(server.getScheme())) {
                    r.problem("server", "expected a coaps:// URI: readings travel only over DTLS (got " + text + ")");
                } else if (server.getHost() == null) {
                    r.problem("server", "expected coaps://HOST[:PORT], the host is missing");
                } else if ((server.getRawPath() != null && server.getRawPath().length() > 1)
                        || server.getRawQuery() != null
                        || server.getRawFragment() != null) {
                    r.problem("server", "expected coaps://HOST[:PORT] without a path: LwM2M names its own resources");
                } else {
                    return Optional.of(new Lwm2mConfig(server, Optional.ofNullable(endpoint), lifetime, bootstrap));
                }
            } catch (URISyntaxException e) {
                r.problem("server", "expected coaps://HOST[:PORT]: " + e.getReason());
            }
            return Optional.empty();
        }

        private LinkSettings link(YamlMap report) {
            YamlMap l = map(report.node("link"), "report.link");
            LinkSettings defaults = LinkSettings.defaults();
            if (l == null) {
                return defaults;
            }
            l.only("ack-timeout", "ack-random-factor", "max-retransmit", "handshake-timeout");
            Duration ackTimeout =
                    l.duration("ack-timeout", defaults.ackTimeout(), Duration.ofMillis(500), Duration.ofMinutes(1));
            double randomFactor = l.decimal("ack-random-factor", defaults.ackRandomFactor());
            int maxRetransmit = l.integer("max-retransmit", defaults.maxRetransmit(), 0, 10);
            Duration handshake = l.duration(
                    "handshake-timeout",
                    defaults.handshakeRetransmission(),
                    Duration.ofMillis(500),
                    Duration.ofMinutes(1));
            try {
                return new LinkSettings(ackTimeout, randomFactor, maxRetransmit, handshake);
            } catch (IllegalArgumentException e) {
                l.problem("", e.getMessage().replaceFirst("^report\\.link\\.", ""));
                return defaults;
            }
        }

        private Optional<URI> collectorUri(YamlMap r, String text) {
            try {
                URI uri = new URI(text);
                if (!"coaps".equals(uri.getScheme())) {
                    r.problem(
                            "collector", "expected a coaps:// URI: readings travel only over DTLS (got " + text + ")");
                } else if (uri.getHost() == null) {
                    r.problem("collector", "expected coaps://HOST[:PORT]/PATH, the host is missing");
                } else {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                r.problem("collector", "expected coaps://HOST[:PORT]/PATH: " + e.getReason());
            }
            return Optional.empty();
        }

        private YamlMap map(Node node, String path) {
            if (node == null) {
                return null;
            }
            if (node instanceof MappingNode m) {
                return new YamlMap(m, path);
            }
            problem(node, path, "expected a mapping of keys to values");
            return null;
        }

        private String scalar(Node node, String path) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            problem(node, path, "expected a single value, not a list or mapping");
            return null;
        }

        /** Located at {@code node}, in the file the node came from (a kit's or its overlay's). */
        private void problem(Node node, String path, String message) {
            Mark mark = node == null ? null : node.getStartMark().orElse(null);
            problems.add(new ProfileProblem(
                    mark == null || mark.getName() == null ? source : mark.getName(),
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    path,
                    message));
        }

        /** A YAML mapping with typed, located accessors. */
        private final class YamlMap {
            private final MappingNode node;
            private final String path;
            private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

            YamlMap(MappingNode node, String path) {
                this.node = node;
                this.path = path;
                for (NodeTuple t : node.getValue()) {
                    String key = scalar(t.getKeyNode(), path);
                    if (key != null) {
                        NodeTuple first = entries.putIfAbsent(key, t);
                        if (first != null) {
                            int line = first.getKeyNode()
                                    .getStartMark()
                                    .map(m -> m.getLine() + 1)
                                    .orElse(1);
                            Validation.this.problem(
                                    t.getKeyNode(), child(key), "duplicate key; first given on line " + line);
                        }
                    }
                }
            }

            List<NodeTuple> tuples() {
                return node.getValue();
            }

            Set<String> keys() {
                return entries.keySet();
            }

            void only(String... allowed) {
                Set<String> keys = Set.of(allowed);
                for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                    if (!keys.contains(e.getKey())) {
                        Validation.this.problem(
                                e.getValue().getKeyNode(),
                                child(e.getKey()),
                                "unknown key" + Suggestions.hint(e.getKey(), keys) + " (expected one of "
                                        + String.join(", ", allowed) + ")");
                    }
                }
            }

            /** Like {@link #only}, naming what the keys belong to, e.g. "a uart bus". */
            void onlyFor(String what, String... allowed) {
                Set<String> keys = Set.of(allowed);
                for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                    if (!keys.contains(e.getKey())) {
                        Validation.this.problem(
                                e.getValue().getKeyNode(),
                                child(e.getKey()),
                                "unknown key for " + what + Suggestions.hint(e.getKey(), keys) + " (expected one of "
                                        + String.join(", ", allowed) + ")");
                    }
                }
            }

            /** An absolute path, when given; {@code example} shows the expected shape in the message. */
            Optional<Path> absolutePath(String key, String example) {
                String s = string(key, null);
                if (s == null) {
                    return Optional.empty();
                }
                if (!s.startsWith("/")) {
                    problem(key, "expected an absolute path such as " + example + ", got '" + s + "'");
                    return Optional.empty();
                }
                return Optional.of(Path.of(s));
            }

            Node node(String key) {
                NodeTuple t = entries.get(key);
                return t == null ? null : t.getValueNode();
            }

            Node required(String key) {
                Node value = node(key);
                if (value == null) {
                    Validation.this.problem(node, child(key), "missing; this key is required");
                }
                return value;
            }

            void problem(String key, String message) {
                Node at = node(key);
                Validation.this.problem(at == null ? node : at, child(key), message);
            }

            String requiredString(String key) {
                Node value = required(key);
                return value == null ? null : scalar(value, child(key));
            }

            String string(String key, String fallback) {
                Node value = node(key);
                if (value == null) {
                    return fallback;
                }
                String s = scalar(value, child(key));
                return s == null ? fallback : s;
            }

            boolean bool(String key, boolean fallback) {
                String s = string(key, null);
                if (s == null) {
                    return fallback;
                }
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                problem(key, "expected true or false, got '" + s + "'");
                return fallback;
            }

            int requiredInteger(String key, int min, int max) {
                return required(key) == null ? -1 : integer(key, -1, min, max);
            }

            /** Decimal or 0x hexadecimal; octal-looking values are refused rather than misread. */
            int integer(String key, int fallback, int min, int max) {
                String s = string(key, null);
                if (s == null) {
                    return fallback;
                }
                try {
                    long v;
                    if (s.startsWith("0x") || s.startsWith("0X")) {
                        v = Long.parseLong(s.substring(2).replace("_", ""), 16);
                    } else if (s.length() > 1 && s.startsWith("0")) {
                        problem(key, "'" + s + "' looks octal; write 0x.. for hexadecimal or drop the leading 0");
                        return fallback;
                    } else {
                        v = Long.parseLong(s.replace("_", ""));
                    }
                    if (v < min || v > max) {
                        problem(key, "expected %s..%s, got %s".formatted(format(min, s), format(max, s), s));
                        return fallback;
                    }
                    return (int) v;
                } catch (NumberFormatException e) {
                    problem(key, "expected a whole number (decimal or 0x hexadecimal), got '" + s + "'");
                    return fallback;
                }
            }

            private String format(int bound, String like) {
                return like.startsWith("0x") ? "0x%02x".formatted(bound) : Integer.toString(bound);
            }

            Duration duration(String key, Duration fallback) {
                return duration(key, fallback, MIN_INTERVAL, MAX_INTERVAL);
            }

            Duration duration(String key, Duration fallback, Duration min, Duration max) {
                String s = string(key, null);
                if (s == null) {
                    return fallback;
                }
                try {
                    Duration d = Durations.parse(s);
                    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                        problem(
                                key,
                                "expected between %s and %s, got %s"
                                        .formatted(Durations.format(min), Durations.format(max), s));
                        return fallback;
                    }
                    return d;
                } catch (IllegalArgumentException e) {
                    problem(key, e.getMessage());
                    return fallback;
                }
            }

            long size(String key, long fallback) {
                String s = string(key, null);
                if (s == null) {
                    return fallback;
                }
                try {
                    return ByteSizes.parse(s);
                } catch (IllegalArgumentException e) {
                    problem(key, e.getMessage());
                    return fallback;
                }
            }

            double decimal(String key, double fallback) {
                String s = string(key, null);
                if (s == null) {
                    return fallback;
                }
                try {
                    double v = Double.parseDouble(s);
                    if (Double.isFinite(v)) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // fall through to the message below
                }
                problem(key, "expected a decimal number such as 1.5, got '" + s + "'");
                return fallback;
            }

            Map<String, String> scalarMap(String key) {
                Map<String, String> result = new LinkedHashMap<>();
                YamlMap m = map(node(key), child(key));
                if (m == null) {
                    return result;
                }
                for (NodeTuple t : m.tuples()) {
                    String k = scalar(t.getKeyNode(), child(key));
                    String v = scalar(t.getValueNode(), child(key) + "." + k);
                    if (k != null && v != null) {
                        result.put(k, v);
                    }
                }
                return result;
            }

            private String child(String key) {
                if (key.isEmpty()) {
                    return path;
                }
                return path.isEmpty() ? key : path + "." + key;
            }
        }
    }
}
