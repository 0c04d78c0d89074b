// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.runtime.install.PrivilegedDirectory.Owner;
import org.fieldnode.security.bundle.BundleException;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.SecureFiles;
import org.fieldnode.security.store.WrappingKeySource;
import org.tinylog.Logger;

/**
 * First boot of a freshly flashed node (run as root by {@code fieldnode-firstboot.service}, before the node starts).
 * The integrator copied two files to the SD card's FAT boot partition, {@code /boot/firmware/fieldnode/}:
 *
 * <ul>
 *   <li>{@value BundleFormat#FILE_NAME}: the provisioning bundle (collector, one-time enrolment key, CA pin);
 *   <li>{@value #PROFILE_FILE}: the profile choice, normally an overlay ({@code extends: <kit>} plus this device's
 *       name, place and intervals); any other {@code *.yaml} there (a custom kit it extends) goes with it.
 * </ul>
 *
 * Both are checked first; a bad one is reported with its located problems and nothing moves (fix the card, boot
 * again). Then each file is written to its place with its final mode and owner, forced to the card and renamed:
 * the profile to {@code /etc/fieldnode/} (0644, it holds no secret), the bundle to the data directory (0600, owned
 * by the service user; the node imports it into its keystore on start and strips the key). Only then are the
 * originals removed from the FAT partition, the bundle overwritten with zeros first. The wrapping key of the
 * node's keystore is created here too when missing, because the service itself may not write to {@code /etc}
 * ({@code ProtectSystem=strict}).
 *
 * <p><b>No symbolic link is ever followed (SECURITY R34).</b> This runs as root, and the data directory belongs to
 * the service user: a link planted there (or at any name this step writes, temporary names included) could
 * otherwise make root write or chown any file of the system. Every directory is opened once without following
 * links and checked (see {@link PrivilegedDirectory}); every name written is checked before anything is written,
 * and a link at any of them stops first boot with one line naming it, nothing changed. Files for the service
 * user's directory are made and given their owner in a root-only staging directory inside it, then renamed in.
 */
public final class Firstboot {
    /** The profile choice's name on the boot partition and in the config directory. */
    public static final String PROFILE_FILE = "node.yaml";

    private static final String PREVIOUS = ".previous";
    private static final String NOTHING_MOVED = "nothing was moved: fix the files on the boot partition and boot again";

    private static final Set<PosixFilePermission> CONFIG_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DATA_DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");

    /**
     * Where things are.
     *
     * @param bootDir the directory on the boot partition, normally {@code /boot/firmware/fieldnode}
     * @param dataDir the node's data directory, normally {@code /var/lib/fieldnode}
     * @param configDir the node's configuration directory, normally {@code /etc/fieldnode}
     * @param wrappingKey the keystore's wrapping key file, normally {@code /etc/fieldnode/wrapping.key}
     * @param owner the service user that must own the bundle, the data directory and the wrapping key; empty to
     *     leave owners as they are created
     */
    public record Settings(Path bootDir, Path dataDir, Path configDir, Path wrappingKey, Optional<String> owner) {
        public Settings {
            Objects.requireNonNull(bootDir, "bootDir");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(configDir, "configDir");
            Objects.requireNonNull(wrappingKey, "wrappingKey");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * What was done.
     *
     * @param installed the files written into place
     * @param removed the originals removed from the boot partition
     * @param wrappingKeyCreated true when the wrapping key did not exist and was made
     */
    public record Result(List<Path> installed, List<Path> removed, boolean wrappingKeyCreated) {
        public Result {
            installed = List.copyOf(installed);
            removed = List.copyOf(removed);
        }
    }

    /** The boot partition's files cannot be used, or the service user is missing; nothing was moved. */
    public static final class FirstbootException extends Exception {
        private final transient List<String> lines;

        public FirstbootException(List<String> lines) {
            super(String.join(System.lineSeparator(), lines));
            this.lines = List.copyOf(lines);
        }

        /** One line per problem, located where possible. */
        public List<String> lines() {
            return lines;
        }
    }

    private Firstboot() {}

    /**
     * Moves the boot partition's files into place and makes sure the wrapping key exists.
     *
     * @throws FirstbootException when a file on the boot partition is bad, the owner does not exist, or a path the
     *     step would write is a symbolic link or in a directory another user can write (SECURITY R34); then nothing
     *     was written
     * @throws IOException when a file cannot be written (the boot partition's originals are kept)
     */
    public static Result run(Settings settings, ProfileLoader loader) throws FirstbootException, IOException {
        try {
            return install(settings, loader);
        } catch (PrivilegedDirectory.UnsafePathException e) {
            throw new FirstbootException(List.of(e.getMessage()));
        }
    }

    private static Result install(Settings settings, ProfileLoader loader) throws FirstbootException, IOException {
        Optional<Owner> owner = owner(settings.owner());
        Optional<String> serviceUser = owner.map(o -> o.user().getName());
        Path bundle = settings.bootDir().resolve(BundleFormat.FILE_NAME);
        Path profile = settings.bootDir().resolve(PROFILE_FILE);
        Map<String, byte[]> yaml = new TreeMap<>();
        byte[] bundleBytes = null;
        if (Files.exists(settings.bootDir(), LinkOption.NOFOLLOW_LINKS)) {
            try (PrivilegedDirectory boot = PrivilegedDirectory.open(settings.bootDir(), Optional.empty())) {
                for (String name : yamlNames(settings.bootDir())) {
                    boot.requireFileOrNothing(name);
                    yaml.put(name, boot.read(name, ProfileLoader.MAX_PROFILE_BYTES));
                }
                boot.requireFileOrNothing(BundleFormat.FILE_NAME);
                Optional<BasicFileAttributes> entry = boot.entry(BundleFormat.FILE_NAME);
                if (entry.isPresent() && entry.get().size() <= BundleFormat.MAX_BYTES) {
                    bundleBytes = boot.read(BundleFormat.FILE_NAME, BundleFormat.MAX_BYTES);
                } else if (entry.isPresent()) {
                    throw new FirstbootException(List.of(
                            bundle + ": bundle is larger than " + BundleFormat.MAX_BYTES + " bytes", NOTHING_MOVED));
                }
            }
        }
        try {
            check(bundle, bundleBytes, profile, yaml.keySet(), loader);
            String keyName = settings.wrappingKey().getFileName().toString();
            try (PrivilegedDirectory config = PrivilegedDirectory.open(settings.configDir(), Optional.empty());
                    PrivilegedDirectory data = PrivilegedDirectory.open(settings.dataDir(), serviceUser);
                    PrivilegedDirectory keyDir = PrivilegedDirectory.open(
                            settings.wrappingKey().toAbsolutePath().getParent(), serviceUser)) {
                // Every name this step writes, checked before anything is written: a planted link stops it all.
                for (String name : yaml.keySet()) {
                    for (String target : List.of(name, name + ".tmp", name + PREVIOUS, name + PREVIOUS + ".tmp")) {
                        config.requireFileOrNothing(target);
                    }
                }
                data.requireFileOrNothing(BundleFormat.FILE_NAME);
                data.requireFileOrNothing(BundleFormat.FILE_NAME + ".tmp");
                data.requireNoLink(PrivilegedDirectory.STAGING);
                keyDir.requireFileOrNothing(keyName);
                keyDir.requireFileOrNothing(keyName + ".tmp");

                List<Path> installed = new ArrayList<>();
                for (Map.Entry<String, byte[]> file : yaml.entrySet()) {
                    String name = file.getKey();
                    if (config.entry(name).isPresent()) {
                        config.write(
                                name + PREVIOUS,
                                config.read(name, ProfileLoader.MAX_PROFILE_BYTES),
                                CONFIG_MODE,
                                Optional.empty());
                    }
                    config.write(name, file.getValue(), CONFIG_MODE, Optional.empty());
                    installed.add(config.path().resolve(name));
                }
                data.restrict(DATA_DIR_MODE, owner);
                if (bundleBytes != null) {
                    data.write(BundleFormat.FILE_NAME, bundleBytes, SecureFiles.OWNER_ONLY, owner);
                    installed.add(data.path().resolve(BundleFormat.FILE_NAME));
                }
                boolean created = wrappingKey(keyDir, keyName, owner);
                List<Path> removed = removeOriginals(settings.bootDir(), bundle, bundleBytes != null, yaml.keySet());
                Logger.info(
                        "first boot: installed={} removed={} wrapping_key={}",
                        installed,
                        removed.size(),
                        created ? "created" : "present");
                return new Result(installed, removed, created);
            }
        } finally {
            if (bundleBytes != null) {
                Arrays.fill(bundleBytes, (byte) 0);
            }
        }
    }

    /** Only now that everything is in place: the originals leave the FAT partition, the bundle zeroed first. */
    private static List<Path> removeOriginals(Path bootDir, Path bundle, boolean hadBundle, Set<String> yaml)
            throws IOException {
        List<Path> removed = new ArrayList<>();
        if (hadBundle) {
            SecureFiles.shred(bundle);
            removed.add(bundle);
        }
        for (String name : yaml) {
            Files.delete(bootDir.resolve(name));
            removed.add(bootDir.resolve(name));
        }
        if (Files.isDirectory(bootDir, LinkOption.NOFOLLOW_LINKS)) {
            force(bootDir);
        }
        return removed;
    }

    private static void check(Path bundle, byte[] bundleBytes, Path profile, Set<String> yaml, ProfileLoader loader)
            throws FirstbootException {
        List<String> problems = new ArrayList<>();
        if (bundleBytes != null) {
            try {
                BundleFormat.parse(bundle.toString(), bundleBytes);
            } catch (BundleException e) {
                problems.add(e.getMessage());
            }
        }
        if (!yaml.isEmpty() && !yaml.contains(PROFILE_FILE)) {
            problems.add(profile + ": missing; the profile choice must be named " + PROFILE_FILE + " (found "
                    + List.copyOf(yaml) + ")");
        } else if (yaml.contains(PROFILE_FILE)) {
            try {
                loader.loadFile(profile);
            } catch (ProfileException e) {
                e.problems().stream().map(ProfileProblem::toString).forEach(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            problems.add(NOTHING_MOVED);
            throw new FirstbootException(problems);
        }
    }

    /** The names of the {@code *.yaml} entries of the boot partition, sorted (links included: they are refused). */
    private static List<String> yamlNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.yaml")) {
            entries.forEach(p -> {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(p.getFileName().toString());
                }
            });
        }
        names.sort(null);
        return names;
    }

    private static boolean wrappingKey(PrivilegedDirectory dir, String name, Optional<Owner> owner) throws IOException {
        if (dir.entry(name).isPresent()) {
            if (owner.isPresent()) {
                dir.restrict(name, SecureFiles.OWNER_ONLY, owner);
            }
            return false;
        }
        byte[] key = new byte[WrappingKeySource.KEY_BYTES];
        NodeId.nonBlockingRandom().nextBytes(key);
        try {
            dir.write(name, key, SecureFiles.OWNER_ONLY, owner);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return true;
    }

    private static void force(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // FAT and some other file systems cannot open a directory: the deletes are ordered anyway
        }
    }

    /** {@code USER} (and its group of the same name) or {@code USER:GROUP}, as chown takes them. */
    private static Optional<Owner> owner(Optional<String> spec) throws FirstbootException {
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        int colon = spec.get().indexOf(':');
        String user = colon < 0 ? spec.get() : spec.get().substring(0, colon);
        String group = colon < 0 ? user : spec.get().substring(colon + 1);
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return Optional.of(new Owner(lookup.lookupPrincipalByName(user), lookup.lookupPrincipalByGroupName(group)));
        } catch (UserPrincipalNotFoundException e) {
            throw new FirstbootException(List.of("no user or group '" + spec.get()
                    + "': the fieldnode package's postinst creates them; reinstall it (or give --owner)"));
        } catch (IOException e) {
            throw new FirstbootException(List.of("cannot look up user '" + spec.get() + "': " + e.getMessage()));
        }
    }
}
