// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.postgresql.SharedStoreNote;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.security.store.KeystoreException;

/**
 * The enrolment state of every device the registry knows, for {@code collector devices}: a node that enrolled is
 * {@code enrolled} (or {@code revoked}) under its node id, the id it reports with; a bundle not yet used is
 * {@code issued} (or {@code revoked}) under its device name.
 */
final class EnrolmentStates {
    /** One device's enrolment: its state and the bundle name it was issued under ({@code -} when none). */
    record State(String state, String bundle) {
        static final State NONE = new State("-", "-");
    }

    private final Map<String, State> byDevice;

    private EnrolmentStates(Map<String, State> byDevice) {
        this.byDevice = byDevice;
    }

    /**
     * The states in {@code dataDir}'s registry, or empty when the directory has none (no bundle ever issued); opens
     * nothing new and creates no file.
     */
    static Optional<EnrolmentStates> read(Path dataDir) throws UserError, StoreException {
        boolean shared = Files.isRegularFile(dataDir.resolve(SharedStoreNote.FILE_NAME));
        if (!shared
                && (!Files.isRegularFile(dataDir.resolve(SqliteEnrolmentRecords.FILE_NAME))
                        || !Files.isDirectory(CollectorCa.directory(dataDir)))) {
            return Optional.empty();
        }
        EnrolmentRegistry opened;
        try {
            opened = shared
                    ? EnrolmentFiles.open(dataDir).registry()
                    : SqliteEnrolmentRecords.openRegistry(dataDir, CollectorCa.openOrCreate(dataDir, Instant.now()));
        } catch (KeystoreException | java.io.IOException e) {
            throw new UserError(e.getMessage());
        }
        Map<String, State> states = new LinkedHashMap<>();
        try (EnrolmentRegistry registry = opened) {
            for (EnrolmentRegistry.NodeRecord node : registry.nodes()) {
                states.put(node.nodeId().value(), new State(node.isRevoked() ? "revoked" : "enrolled", node.device()));
            }
            Map<String, String> byLabel = new HashMap<>();
            for (EnrolmentRegistry.Credential credential : registry.credentials()) {
                switch (credential.state()) {
                    case "unused" -> byLabel.put(credential.device(), "issued");
                    case "revoked" -> byLabel.putIfAbsent(credential.device(), "revoked");
                    default -> {
                        // used: the node row speaks for it; replaced: voided by a newer bundle
                    }
                }
            }
            Set<String> enrolledLabels = new java.util.HashSet<>();
            states.values().forEach(s -> enrolledLabels.add(s.bundle()));
            byLabel.forEach((label, state) -> {
                if (state.equals("issued") || !enrolledLabels.contains(label)) {
                    states.putIfAbsent(label, new State(state, label));
                }
            });
        }
        return Optional.of(new EnrolmentStates(states));
    }

    /** The state of {@code device} (a node id or bundle name), {@link State#NONE} when the registry lacks it. */
    State of(String device) {
        return byDevice.getOrDefault(device, State.NONE);
    }

    /** The known devices not in {@code heard}, in registry order. */
    Map<String, State> unheard(Set<String> heard) {
        Map<String, State> out = new LinkedHashMap<>(byDevice);
        out.keySet().removeAll(heard);
        return out;
    }

    /** {@code enrolment: issued=N enrolled=N revoked=N}. */
    String summary() {
        long issued = byDevice.values().stream()
                .filter(s -> s.state().equals("issued"))
                .count();
        long enrolled = byDevice.values().stream()
                .filter(s -> s.state().equals("enrolled"))
                .count();
        long revoked = byDevice.values().stream()
                .filter(s -> s.state().equals("revoked"))
                .count();
        return "enrolment: issued=" + issued + " enrolled=" + enrolled + " revoked=" + revoked;
    }
}
