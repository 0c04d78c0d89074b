// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeIdFile;
import org.fieldnode.security.store.WrappingKeySource;
import org.tinylog.Logger;

/**
 * Factory reset (SECURITY R12): everything that belongs to the node's identity leaves the device, so that the next
 * identity starts from nothing and can send nothing sampled before the reset.
 *
 * <ul>
 *   <li>the keystore is crypto-erased: its wrapping key destroyed, then the file overwritten and removed;
 *   <li>the reading queue ({@code queue/}: segments, metadata, lock) is removed, so the next identity's readings
 *       start again at sequence 0 and no reading of the old one is ever sent;
 *   <li>the node id (a new one is made at the next start), the imported bundle and its settings, the security state,
 *       the saved DTLS session, the applied desired configuration and the status are overwritten and removed, with
 *       their temporary names.
 * </ul>
 *
 * Run as root on an installed node, in a directory the service user owns, so nothing is ever followed (SECURITY
 * R34): every entry is removed relative to the directory opened without following links, a link is removed rather
 * than written through, and the {@code status} link of an installed node (to its tmpfs runtime directory) is kept
 * while the file it names is removed — only when that file lies in a directory of the data directory's own user
 * (never root's), who could remove it anyway.
 */
public final class FactoryReset {
    /** Every entry of the data directory that the node's identity owns. */
    static final List<String> NODE_STATE = List.of(
            NodeIdFile.NAME,
            EnrolledNode.KEYSTORE,
            BundleFormat.FILE_NAME,
            EnrolledNode.BUNDLE_SETTINGS,
            EnrolledNode.SECURITY_STATE,
            EnrolledNode.SESSION_STATE,
            EnrolledNode.DESIRED_CONFIG,
            EnrolledNode.QUEUE,
            StatusFile.NAME);

    /**
     * What the reset did.
     *
     * @param node the node id that was erased, or {@code -} when there was none
     * @param removed every entry removed (the status file a link named included)
     */
    public record Result(String node, List<Path> removed) {
        public Result {
            removed = List.copyOf(removed);
        }
    }

    /** A path the reset must not use (a link where a directory should be, a directory others may write above it). */
    public static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private FactoryReset() {}

    /**
     * Erases the node's identity and state in {@code dataDir}. Do not run it while the node runs.
     *
     * @param wrapping the keystore's wrapping key, destroyed first (crypto-erase)
     */
    public static Result run(Path dataDir, WrappingKeySource wrapping) throws RefusedException, IOException {
        try {
            Optional<PrivilegedDirectory> opened = PrivilegedDirectory.openForRemoval(dataDir);
            if (opened.isEmpty()) {
                destroy(wrapping);
                return new Result("-", List.of());
            }
            try (PrivilegedDirectory data = opened.get()) {
                String node = nodeId(data);
                eraseKeystore(data, wrapping);
                List<Path> removed = new ArrayList<>();
                for (String name : NODE_STATE) {
                    if (name.equals(StatusFile.NAME)) {
                        removeStatus(data, removed);
                    } else if (data.remove(name, !name.equals(EnrolledNode.QUEUE))) {
                        removed.add(data.path().resolve(name));
                    }
                    if (data.remove(name + ".tmp", true)) {
                        removed.add(data.path().resolve(name + ".tmp"));
                    }
                }
                return new Result(node, removed);
            }
        } catch (PrivilegedDirectory.UnsafePathException e) {
            throw new RefusedException(e.getMessage());
        }
    }

    private static String nodeId(PrivilegedDirectory data) throws IOException {
        if (data.entry(NodeIdFile.NAME).filter(a -> a.isRegularFile()).isEmpty()) {
            return "-";
        }
        String text = new String(data.read(NodeIdFile.NAME, 128), StandardCharsets.US_ASCII).strip();
        return text.isEmpty() ? "-" : text;
    }

    /** Crypto-erase: the wrapping key goes first, so the keystore is unreadable even if removing it fails. */
    private static void eraseKeystore(PrivilegedDirectory data, WrappingKeySource wrapping) throws IOException {
        destroy(wrapping);
        if (data.remove(EnrolledNode.KEYSTORE, true)) {
            Logger.info("keystore crypto-erased: file={}", data.path().resolve(EnrolledNode.KEYSTORE));
        }
    }

    private static void destroy(WrappingKeySource wrapping) throws IOException {
        try {
            wrapping.destroy();
        } catch (KeystoreException e) {
            throw new IOException(e.getMessage());
        }
    }

    /**
     * An installed node's {@code status} is a link into its runtime directory (tmpfs): the link stays (the next start
     * writes through it again), the file it names goes, if it lies in a directory of the data directory's owner.
     */
    private static void removeStatus(PrivilegedDirectory data, List<Path> removed) throws IOException {
        Optional<Path> target = data.linkTarget(StatusFile.NAME);
        if (target.isEmpty()) {
            if (data.remove(StatusFile.NAME, false)) {
                removed.add(data.path().resolve(StatusFile.NAME));
            }
            return;
        }
        Path file = data.path().resolve(target.get()).normalize();
        if (file.getParent() == null || data.writableByOthers()) {
            Logger.warn("{} links to {}; left alone", data.path().resolve(StatusFile.NAME), file);
            return;
        }
        Optional<PrivilegedDirectory> runtime;
        try {
            runtime = PrivilegedDirectory.openForRemoval(file.getParent());
        } catch (PrivilegedDirectory.UnsafePathException e) {
            Logger.warn(
                    "{} links to {}, which is left alone: {}",
                    data.path().resolve(StatusFile.NAME),
                    file,
                    e.getMessage());
            return;
        }
        if (runtime.isEmpty()) {
            return;
        }
        try (PrivilegedDirectory directory = runtime.get()) {
            if (!directory.owner().equals(data.owner())
                    || directory.owner().getName().equals("root")
                    || directory.writableByOthers()) {
                Logger.warn(
                        "{} links to {}, in a directory of {}, not of the node's user {}; left alone",
                        data.path().resolve(StatusFile.NAME),
                        file,
                        directory.owner().getName(),
                        data.owner().getName());
                return;
            }
            String name = file.getFileName().toString();
            if (directory.remove(name, false)) {
                removed.add(file);
            }
            directory.remove(name + ".tmp", false);
        }
    }
}
