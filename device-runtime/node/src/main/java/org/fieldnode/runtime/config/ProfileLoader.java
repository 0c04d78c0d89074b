// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.Suggestions;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads and validates hardware profiles (YAML). Collects every problem before failing, each as {@code
 * FILE:LINE:COLUMN: key.path: what was expected}, with a suggestion for misspelt keys, buses and drivers.
 *
 * <p>A profile is named either by a file path or by the name of a built-in profile on the class path ({@code
 * profiles/<name>.yaml}, listed in {@code profiles/index.txt}), such as {@code simulated-weather-station}.
 *
 * <p>How: the text becomes a {@link YamlDocument} (nodes that keep their file, line and column); an overlay is merged
 * into its kit ({@link ProfileOverlay}); {@link ProfileReader} reads it through the declared schema of each section
 * ({@link ProfileSchema}); the cross-checks place each sensor on its bus and driver ({@link SensorBusCheck}) and the
 * kit on its board's header ({@link BoardCheck}).
 */
public final class ProfileLoader {
    /** A sensor without {@code interval:} is sampled this often ({@link Intervals#SAMPLE_DEFAULT}). */
    static final Duration DEFAULT_INTERVAL = Intervals.SAMPLE_DEFAULT;

    /** The largest profile file read (1 MiB). */
    public static final int MAX_PROFILE_BYTES = 1 << 20;

    private final Map<String, DriverDeclaration> drivers;
    private final Supplier<Boards> boards;

    private ProfileLoader(Map<String, DriverDeclaration> drivers, Supplier<Boards> boards) {
        this.drivers = Map.copyOf(drivers);
        this.boards = Objects.requireNonNull(boards, "boards");
    }

    /**
     * A loader that checks sensors against what their drivers declare (bus kinds, addresses, personal channels) and
     * kits against the boards on the class path ({@link Boards#onClassPath()}); what {@code fieldnode profile check}
     * and {@code run} use.
     */
    public static ProfileLoader forDrivers(Collection<DriverDeclaration> drivers) {
        Map<String, DriverDeclaration> byCompatible = new LinkedHashMap<>();
        drivers.forEach(d -> byCompatible.put(d.compatible(), d));
        return new ProfileLoader(byCompatible, memoized(Boards::onClassPath));
    }

    /**
     * A loader that checks kits against the boards on the class path, for drivers known by name only: their bus kinds
     * and addresses are not checked, and none declares a personal channel.
     *
     * @param knownCompatibles every {@code "vendor,part"} a registered driver binds
     */
    public ProfileLoader(Set<String> knownCompatibles) {
        this(knownCompatibles, Map.of());
    }

    /**
     * A loader that checks kits against the boards on the class path, for drivers known by name and personal channels
     * only.
     *
     * @param knownCompatibles every {@code "vendor,part"} a registered driver binds
     * @param personalChannels the personal channels each driver declares, by compatible string (SECURITY R21): a
     *     sensor's {@code personal:} may keep these and no others
     */
    public ProfileLoader(Set<String> knownCompatibles, Map<String, Set<Channel>> personalChannels) {
        this(byNameOnly(knownCompatibles, personalChannels), memoized(Boards::onClassPath));
    }

    /** A loader that checks kits against {@code boards}, for drivers known by name only. */
    public ProfileLoader(Set<String> knownCompatibles, Boards boards) {
        this(byNameOnly(knownCompatibles, Map.of()), supplied(boards));
    }

    private static Supplier<Boards> supplied(Boards boards) {
        Objects.requireNonNull(boards, "boards");
        return () -> boards;
    }

    private static Map<String, DriverDeclaration> byNameOnly(
            Set<String> compatibles, Map<String, Set<Channel>> personalChannels) {
        Map<String, DriverDeclaration> drivers = new LinkedHashMap<>();
        for (String compatible : compatibles) {
            drivers.put(
                    compatible,
                    DriverDeclaration.byNameOnly(compatible, personalChannels.getOrDefault(compatible, Set.of())));
        }
        return drivers;
    }

    /** The board files are parsed once, and only when a kit names a board. */
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
        String text;
        try {
            text = ProfileSources.builtIn(nameOrPath).orElse(null);
        } catch (IOException e) {
            throw ProfileException.of(nameOrPath, "cannot read built-in profile: " + e.getMessage());
        }
        if (text == null) {
            List<String> builtIn = builtInProfiles();
            throw ProfileException.of(
                    nameOrPath,
                    "no such profile: not a file, and not a built-in profile"
                            + Suggestions.hint(nameOrPath, builtIn) + " (built-in: "
                            + (builtIn.isEmpty() ? "none on the class path" : String.join(", ", builtIn)) + ")");
        }
        return parse(nameOrPath, text, null);
    }

    /** Loads and validates one profile file. */
    public Profile loadFile(Path path) throws ProfileException {
        String text;
        try {
            text = ProfileSources.read(path);
        } catch (IOException e) {
            throw ProfileException.of(path.toString(), "cannot read profile: " + e.getMessage());
        }
        return parse(path.toString(), text, path.toAbsolutePath().getParent());
    }

    /** The names of the built-in profiles found on the class path. */
    public static List<String> builtInProfiles() {
        return ProfileSources.builtInProfiles();
    }

    /**
     * Parses and validates profile text; {@code source} names it in messages. An overlay's {@code extends:} names a
     * built-in kit (a relative kit file needs {@link #loadFile}).
     */
    public Profile parse(String source, String yaml) throws ProfileException {
        return parse(source, yaml, null);
    }

    private Profile parse(String source, String yaml, Path directory) throws ProfileException {
        Node root = YamlDocument.compose(source, yaml, "profile");
        YamlReader reader = new YamlReader(source);
        if (ProfileOverlay.isOverlay(root)) {
            root = ProfileOverlay.resolve(root, directory, reader);
            if (root == null) {
                throw new ProfileException(reader.problems()); // extends: itself is wrong: nothing to read further
            }
        }
        Profile profile = new ProfileReader(source, reader, drivers, new BoardCheck(boards)).read(root);
        reader.throwIfFailed();
        return profile;
    }
}
