// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where profile text comes from: files (at most {@link ProfileLoader#MAX_PROFILE_BYTES}), and the built-in profiles
 * of the class path ({@code profiles/<name>.yaml}, listed in {@code profiles/index.txt}, the hardware-profiles jar).
 */
final class ProfileSources {
    /** A built-in profile's name: no path, no dots (the class path is not a file system to wander). */
    private static final Pattern BUILT_IN_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private ProfileSources() {}

    /** The names listed in {@code profiles/index.txt}; empty when there is none. */
    static List<String> builtInProfiles() {
        return listed("profiles/index.txt");
    }

    /**
     * The names an index on the class path lists, one a line, {@code #} comments and blank lines skipped: a jar
     * cannot list its own directories, so the hardware-profiles jar says what it holds.
     */
    static List<String> listed(String indexResource) {
        try (InputStream in = ProfileSources.class.getClassLoader().getResourceAsStream(indexResource)) {
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
     * The text of the built-in profile {@code name}; empty when {@code name} is not a built-in name or there is no
     * such profile.
     */
    static Optional<String> builtIn(String name) throws IOException {
        if (!BUILT_IN_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        try (InputStream in = ProfileSources.class.getClassLoader().getResourceAsStream("profiles/" + name + ".yaml")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readNBytes(ProfileLoader.MAX_PROFILE_BYTES), StandardCharsets.UTF_8));
        }
    }

    /**
     * The text of a profile file.
     *
     * @throws ProfileException when it is larger than {@link ProfileLoader#MAX_PROFILE_BYTES}: a profile is a few KiB,
     *     so a bigger file is a wrong path, not a profile
     */
    static String read(Path file) throws IOException, ProfileException {
        if (Files.size(file) > ProfileLoader.MAX_PROFILE_BYTES) {
            throw ProfileException.of(file.toString(), "profile is larger than 1 MiB; is this the right file?");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * The kit file {@code kitName} names, which must lie inside the overlay's directory: a relative path that does not
     * climb out of it ({@code ../}), an absolute path into it, and no symbolic link on the way that leads elsewhere.
     * First boot loads the boot partition's overlay as root: a kit that cannot be read from elsewhere cannot bring in
     * a file the overlay's author did not mean.
     *
     * @return empty when no such file exists (then it may name a built-in kit)
     * @throws IllegalArgumentException, with the problem as its message, when it points outside
     */
    static Optional<Path> kitFileInside(Path directory, String kitName) {
        Path base = directory.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(kitName).normalize();
        } catch (InvalidPathException e) {
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
}
