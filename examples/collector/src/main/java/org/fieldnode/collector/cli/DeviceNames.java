// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.EnrolmentRegistry.NodeRecord;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.collector.web.DeviceLabels;

/**
 * What a collector command's DEVICE names: a node id, a PSK identity, or the device name a bundle was issued under
 * ({@code weather-07}). Readings, health and desired configurations are kept under the identity a node reports with
 * — its node id once enrolled — so a device name is looked up in the enrolment registry (issue 15: {@code config set
 * weather-07} was refused as an unknown device although {@code enrolment revoke weather-07} took it).
 */
final class DeviceNames {
    private DeviceNames() {}

    /**
     * The identity {@code device} reports under: the node id of the newest unrevoked node enrolled under that device
     * name, else {@code device} itself (a node id or PSK identity). Reads {@code dataDir/enrolment.db} only when it
     * exists; creates nothing.
     *
     * @throws UserError when {@code device} is a device name whose bundle has not enrolled a node yet
     */
    static String reportingIdentity(Path dataDir, String device) throws UserError, StoreException {
        if (!Files.isRegularFile(dataDir.resolve(SqliteEnrolmentRecords.FILE_NAME))) {
            return device;
        }
        try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(dataDir)) {
            List<NodeRecord> nodes = records.nodes();
            if (nodes.stream().anyMatch(n -> n.nodeId().value().equals(device))) {
                return device;
            }
            var named = nodes.stream()
                    .filter(n -> n.device().equals(device))
                    .sorted(Comparator.comparing(NodeRecord::isRevoked)
                            .thenComparing(NodeRecord::enrolled, Comparator.reverseOrder()))
                    .findFirst();
            if (named.isPresent()) {
                return named.get().nodeId().value();
            }
            boolean issued =
                    records.credentials().stream().map(Credential::device).anyMatch(device::equals);
            if (issued) {
                throw new UserError("device '" + Arguments.printable(device) + "' has a bundle but no node enrolled"
                        + " with it yet; try again once 'fieldnode collector devices' shows it enrolled");
            }
            return device;
        }
    }

    /** True when {@code identity} is a node that enrolled here (revoked or not). */
    static boolean enrolled(Path dataDir, String identity) throws StoreException {
        if (!Files.isRegularFile(dataDir.resolve(SqliteEnrolmentRecords.FILE_NAME))) {
            return false;
        }
        try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(dataDir)) {
            return records.nodes().stream().anyMatch(n -> n.nodeId().value().equals(identity));
        }
    }

    /**
     * The page's labels: each node enrolled here by its node id, with the device name of its bundle and {@code
     * enrolled} or {@code revoked}; each PSK identity of {@code pskNodes} as its own name with {@code psk}.
     */
    static Map<String, DeviceLabels.Label> labels(Path dataDir, Collection<String> pskNodes) throws StoreException {
        Map<String, DeviceLabels.Label> labels = new LinkedHashMap<>();
        pskNodes.forEach(identity -> labels.put(identity, new DeviceLabels.Label(identity, "psk")));
        if (Files.isRegularFile(dataDir.resolve(SqliteEnrolmentRecords.FILE_NAME))) {
            try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(dataDir)) {
                for (NodeRecord node : records.nodes()) {
                    labels.put(
                            node.nodeId().value(),
                            new DeviceLabels.Label(node.device(), node.isRevoked() ? "revoked" : "enrolled"));
                }
            }
        }
        return labels;
    }

    /** {@code weather-07 (fieldnode-…)} when a name was resolved, else the identity alone, for output lines. */
    static String described(String given, String identity) {
        return given.equals(identity)
                ? Arguments.printable(identity)
                : Arguments.printable(given) + " (" + Arguments.printable(identity) + ")";
    }
}
