// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.security.bundle.BundleException;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.SecureFiles;
import org.fieldnode.security.store.WrappingKeyFile;
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
 * again). Then each file is written to its place under a temporary name with its final mode, forced to the card and
 * renamed: the profile to {@code /etc/fieldnode/} (0644, it holds no secret), the bundle to the data directory
 * (0600, owned by the service user; the node imports it into its keystore on start and strips the key). Only then
 * are the originals removed from the FAT partition, the bundle overwritten with zeros first. The wrapping key of the
 * node's keystore is created here too when missing, because the service itself may not write to {@code /etc}
 * ({@code ProtectSystem=strict}).
 */
public final class Firstboot {
    /** The profile choice's name on the boot partition and in the config directory. */
    public static final String PROFILE_FILE = "node.yaml";

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
     * @throws FirstbootException when a file on the boot partition is bad or the owner does not exist
     * @throws IOException when a file cannot be written (the boot partition's originals are kept)
     */
    public static Result run(Settings settings, ProfileLoader loader) throws FirstbootException, IOException {
        Optional<Owner> owner = owner(settings.owner());
        Path bundle = settings.bootDir().resolve(BundleFormat.FILE_NAME);
        Path profile = settings.bootDir().resolve(PROFILE_FILE);
        List<Path> yaml = yamlFiles(settings.bootDir());
        check(bundle, profile, yaml, loader);

        Files.createDirectories(settings.configDir());
        Files.createDirectories(settings.dataDir());
        restrict(settings.dataDir(), DATA_DIR_MODE, owner);

        List<Path> installed = new ArrayList<>();
        for (Path file : yaml) {
            Path target = settings.configDir().resolve(file.getFileName());
            if (Files.exists(target)) {
                Files.copy(
                        target,
                        target.resolveSibling(target.getFileName() + ".previous"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            install(file, target, CONFIG_MODE, Optional.empty());
            installed.add(target);
        }
        if (Files.isRegularFile(bundle)) {
            Path target = settings.dataDir().resolve(BundleFormat.FILE_NAME);
            install(bundle, target, SecureFiles.OWNER_ONLY, owner);
            installed.add(target);
        }
        boolean created = wrappingKey(settings.wrappingKey(), owner);

        // Only now that everything is in place: remove the originals from the FAT partition.
        List<Path> removed = new ArrayList<>();
        if (Files.isRegularFile(bundle)) {
            SecureFiles.shred(bundle);
            removed.add(bundle);
        }
        for (Path file : yaml) {
            Files.delete(file);
            removed.add(file);
        }
        if (Files.isDirectory(settings.bootDir())) {
            force(settings.bootDir());
        }
        Logger.info(
                "first boot: installed={} removed={} wrapping_key={}",
                installed,
                removed.size(),
                created ? "created" : "present");
        return new Result(installed, removed, created);
    }

    private static void check(Path bundle, Path profile, List<Path> yaml, ProfileLoader loader)
            throws FirstbootException, IOException {
        List<String> problems = new ArrayList<>();
        if (Files.isRegularFile(bundle)) {
            try {
                if (Files.size(bundle) > BundleFormat.MAX_BYTES) {
                    problems.add(bundle + ": bundle is larger than " + BundleFormat.MAX_BYTES + " bytes");
                } else {
                    BundleFormat.parse(bundle.toString(), Files.readAllBytes(bundle));
                }
            } catch (BundleException e) {
                problems.add(e.getMessage());
            }
        }
        if (!yaml.isEmpty() && !Files.isRegularFile(profile)) {
            problems.add(profile + ": missing; the profile choice must be named " + PROFILE_FILE + " (found "
                    + yaml.stream().map(p -> p.getFileName().toString()).toList() + ")");
        } else if (Files.isRegularFile(profile)) {
            try {
                loader.loadFile(profile);
            } catch (ProfileException e) {
                e.problems().stream().map(ProfileProblem::toString).forEach(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            problems.add("nothing was moved: fix the files on the boot partition and boot again");
            throw new FirstbootException(problems);
        }
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.yaml")) {
            entries.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            });
        }
        files.sort(null);
        return files;
    }

    /** Writes {@code source}'s bytes to {@code target}: temporary file with its final mode, force, rename, force. */
    private static void install(Path source, Path target, Set<PosixFilePermission> mode, Optional<Owner> owner)
            throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel channel = FileChannel.open(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_ONLY))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        restrict(tmp, mode, owner);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        force(target.toAbsolutePath().getParent());
    }

    private static boolean wrappingKey(Path file, Optional<Owner> owner) throws FirstbootException, IOException {
        if (Files.exists(file)) {
            if (owner.isPresent()) {
                restrict(file, SecureFiles.OWNER_ONLY, owner);
            }
            return false;
        }
        try {
            byte[] key = new WrappingKeyFile(file).wrappingKey();
            Arrays.fill(key, (byte) 0);
        } catch (KeystoreException e) {
            throw new FirstbootException(List.of(e.getMessage()));
        }
        restrict(file, SecureFiles.OWNER_ONLY, owner);
        return true;
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode, Optional<Owner> owner) throws IOException {
        Files.setPosixFilePermissions(path, mode);
        if (owner.isPresent()) {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(owner.get().user());
            view.setGroup(owner.get().group());
        }
    }

    private static void force(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // FAT and some other file systems cannot open a directory: the renames are ordered after the data anyway
        }
    }

    private record Owner(UserPrincipal user, GroupPrincipal group) {}

    private static Optional<Owner> owner(Optional<String> name) throws FirstbootException {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            return Optional.of(
                    new Owner(lookup.lookupPrincipalByName(name.get()), lookup.lookupPrincipalByGroupName(name.get())));
        } catch (UserPrincipalNotFoundException e) {
            throw new FirstbootException(List.of("no user or group '" + name.get()
                    + "': the fieldnode package's postinst creates them; reinstall it (or give --owner)"));
        } catch (IOException e) {
            throw new FirstbootException(List.of("cannot look up user '" + name.get() + "': " + e.getMessage()));
        }
    }
}
