// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.protocol.update.UpdateRefusedException;

/**
 * The two application slots of SECURITY R25 under one root (the package's {@code /var/lib/fieldnode/app}):
 *
 * <pre>
 * slots/a, slots/b   two release directories (lib/, bin/, VERSION, .fieldnode-release)
 * current            symbolic link to slots/a or slots/b; absent: the package's own release runs
 * trial              present while the release in current has not passed its health check:
 *                    slot=slots/b previous=slots/a|package sequence=N starts=0|1 [reason=...]
 * rolled-back        written by the launcher when it went back: sequence=N reason=...
 * </pre>
 *
 * <p>Which slot runs is decided by the launcher ({@code fieldnode.sh}, a part updates never replace), never by
 * this class: at a {@code run} it counts the trial's starts, and a second start of a trial that never passed its
 * health check (a crash, a hang, a failed check, a power cut) switches {@code current} back to {@code previous}.
 * This class prepares the inactive slot, switches with one atomic rename of a symbolic link, and confirms a trial.
 * Order for a power cut at any instant: the inactive slot is complete and synced before {@code trial} is written,
 * and {@code trial} before the switch; a {@code trial} naming a slot {@code current} does not point at is stale
 * and the launcher drops it.
 */
public final class Slots {
    public static final String CURRENT = "current";
    public static final String TRIAL = "trial";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String PACKAGE = "package";

    private final Path root;
    private final Path packageRelease;

    /**
     * @param root the slots' root, writable by the node
     * @param packageRelease the release the package installed (its lib/ holds the first release), read-only
     */
    public Slots(Path root, Path packageRelease) {
        this.root = root;
        this.packageRelease = packageRelease;
    }

    public Path root() {
        return root;
    }

    /**
     * The release this code was started from: the directory above the jar's {@code lib/} (the package's release, or
     * the slot the launcher chose); {@code /usr/share/fieldnode} when the code source cannot be told.
     */
    public static Path runningRelease() {
        try {
            Path jar = Path.of(Slots.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path parent = jar.getParent();
            return parent.getParent() == null ? parent : parent.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("/usr/share/fieldnode");
        }
    }

    /** The target of {@code current} as written ({@code slots/a}), or empty when the package's release runs. */
    public Optional<String> currentLink() throws IOException {
        Path link = root.resolve(CURRENT);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        return Optional.of(Files.readSymbolicLink(link).toString());
    }

    /** The directory of the release that runs now. */
    public Path active() throws IOException {
        Optional<String> link = currentLink();
        return link.isPresent() ? root.resolve(link.get()) : packageRelease;
    }

    /** The sequence of the active release (0 for a package release without a sequence). */
    public long activeSequence() throws IOException {
        return sequenceOf(active());
    }

    /** The sequence written in a release directory, 0 when none. */
    public static long sequenceOf(Path release) throws IOException {
        if (release == null) {
            return 0;
        }
        String value =
                KeyValueFile.read(release.resolve(ReleaseArchive.RELEASE_FILE)).get("sequence");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The trial in progress, if {@code current} points at its slot. */
    public Optional<Map<String, String>> trial() throws IOException {
        Map<String, String> trial = KeyValueFile.read(root.resolve(TRIAL));
        if (trial.isEmpty() || !currentLink().equals(Optional.ofNullable(trial.get("slot")))) {
            return Optional.empty();
        }
        return Optional.of(trial);
    }

    /**
     * Unpacks a verified payload into the inactive slot and switches to it as a trial: the next {@code run} starts
     * it, and it stays only once {@link #confirm} is called.
     *
     * @return the slot now current
     */
    public Path install(ReleaseManifest manifest, InputStream verifiedPayload)
            throws IOException, UpdateRefusedException {
        if (trial().isPresent()) {
            throw new IOException("a trial is in progress in " + root + ": nothing is installed before its restart");
        }
        Optional<String> before = currentLink();
        boolean onA = before.isPresent()
                && root.resolve(before.get())
                        .normalize()
                        .equals(root.resolve("slots/a").normalize());
        String slot = onA ? "slots/b" : "slots/a";
        Path target = root.resolve(slot);
        deleteTree(target);
        Files.createDirectories(target);
        ReleaseArchive.unpack(verifiedPayload, manifest.isDelta(), active(), target);
        Map<String, String> release = new LinkedHashMap<>();
        release.put("sequence", Long.toString(manifest.sequence()));
        release.put("version", manifest.version());
        KeyValueFile.write(target.resolve(ReleaseArchive.RELEASE_FILE), release);
        syncTree(target);
        Map<String, String> trial = new LinkedHashMap<>();
        trial.put("slot", slot);
        trial.put("previous", before.orElse(PACKAGE));
        trial.put("sequence", Long.toString(manifest.sequence()));
        trial.put("starts", "0");
        KeyValueFile.write(root.resolve(TRIAL), trial);
        switchTo(slot);
        return target;
    }

    /** The trial passed its health check: the release in {@code current} is good. */
    public void confirm() throws IOException {
        Files.deleteIfExists(root.resolve(TRIAL));
        KeyValueFile.syncDirectory(root);
    }

    /** Records why the trial failed, for the launcher's rollback at the next start. */
    public void failTrial(String reason) throws IOException {
        Map<String, String> trial = KeyValueFile.read(root.resolve(TRIAL));
        if (!trial.isEmpty()) {
            trial.put("reason", reason.replace(' ', '-'));
            trial.put("starts", "1");
            KeyValueFile.write(root.resolve(TRIAL), trial);
        }
    }

    /** The launcher's note of a rollback, removed once read (the node reports it). */
    public Optional<Map<String, String>> takeRolledBack() throws IOException {
        Path file = root.resolve(ROLLED_BACK);
        Map<String, String> values = KeyValueFile.read(file);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        Files.deleteIfExists(file);
        return Optional.of(values);
    }

    /** One rename(2) of a new symbolic link over {@code current}: the switch is atomic. */
    private void switchTo(String slot) throws IOException {
        Path next = root.resolve(CURRENT + ".next");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, Path.of(slot));
        Files.move(next, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        KeyValueFile.syncDirectory(root);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void syncTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                    channel.force(true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                KeyValueFile.syncDirectory(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
