// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.EnrolmentRegistry.NodeRecord;
import org.fieldnode.security.identity.NodeId;

/**
 * The enrolment registry's rows in SQL both stores speak alike (tables {@code credentials} and {@code nodes}, see
 * {@code sqlite.SqliteEnrolmentRecords} for the layout): every statement of {@link EnrolmentRecords}, once. A store
 * gives the two ways it runs work on its database: {@link #transaction} (several statements, all or none) and
 * {@link #statements} (each statement on its own).
 */
public abstract class EnrolmentTables implements EnrolmentRecords {
    private static final String CREDENTIAL_COLUMNS = "psk_identity, device, state, node_id, not_after_us";
    private static final String NODE_COLUMNS = "node_id, device, serial, not_after_us, enrolled_us, revoked_us";

    /** Work on one connection of the store. */
    @FunctionalInterface
    protected interface Work<T> {
        T run(Connection c) throws SQLException, StoreException;
    }

    /** Thrown inside a transaction to roll it back and answer false; carries no stack. */
    private static final class Undone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Undone() {
            super("undone", null, false, false);
        }
    }

    private static final Undone UNDONE = new Undone();

    protected EnrolmentTables() {}

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (then rethrown).
     *
     * @param failure what the store says when the database fails
     */
    protected abstract <T> T transaction(String failure, Work<T> work) throws StoreException;

    /** Runs {@code work} with each statement its own transaction. */
    protected abstract <T> T statements(String failure, Work<T> work) throws StoreException;

    @Override
    public int addCredential(String identity, String device, byte[] sealedKey, Instant issued, Instant notAfter)
            throws StoreException {
        return transaction("cannot issue a credential", c -> {
            int replaced;
            try (PreparedStatement replace = c.prepareStatement(
                    "UPDATE credentials SET state = 'replaced' WHERE device = ? AND state = 'unused'")) {
                replace.setString(1, device);
                replaced = replace.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO credentials (psk_identity, device, sealed_key, state, issued_us, not_after_us)"
                            + " VALUES (?, ?, ?, 'unused', ?, ?)")) {
                insert.setString(1, identity);
                insert.setString(2, device);
                insert.setBytes(3, sealedKey);
                insert.setLong(4, Columns.micros(issued));
                insert.setLong(5, Columns.micros(notAfter));
                insert.executeUpdate();
            }
            return replaced;
        });
    }

    @Override
    public void voidCredential(String identity) throws StoreException {
        update(
                "cannot void a credential",
                "UPDATE credentials SET state = 'replaced' WHERE psk_identity = ? AND state = 'unused'",
                identity);
    }

    @Override
    public Optional<Credential> credential(String identity) throws StoreException {
        return rows(
                        "cannot read a credential",
                        "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE psk_identity = ?",
                        identity,
                        EnrolmentTables::credential)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<byte[]> sealedKey(String identity) throws StoreException {
        return rows(
                        "cannot read a credential",
                        "SELECT sealed_key FROM credentials WHERE psk_identity = ?",
                        identity,
                        rs -> rs.getBytes(1))
                .stream()
                .findFirst();
    }

    @Override
    public boolean completeEnrolment(String identity, NodeId nodeId, String serial, Instant notAfter, Instant now)
            throws StoreException {
        try {
            return transaction("cannot record an enrolment", c -> {
                try (PreparedStatement use =
                                c.prepareStatement("UPDATE credentials SET state = 'used', node_id = ?, used_us = ?"
                                        + " WHERE psk_identity = ? AND state = 'unused'");
                        PreparedStatement node = c.prepareStatement("""
                            INSERT INTO nodes (node_id, device, serial, not_after_us, enrolled_us)
                            SELECT ?, device, ?, ?, ? FROM credentials WHERE psk_identity = ?
                            ON CONFLICT (node_id) DO UPDATE SET device = excluded.device, serial = excluded.serial,
                                not_after_us = excluded.not_after_us, enrolled_us = excluded.enrolled_us
                            WHERE nodes.revoked_us IS NULL""")) {
                    use.setString(1, nodeId.value());
                    use.setLong(2, Columns.micros(now));
                    use.setString(3, identity);
                    if (use.executeUpdate() != 1) {
                        throw UNDONE;
                    }
                    node.setString(1, nodeId.value());
                    node.setString(2, serial);
                    node.setLong(3, Columns.micros(notAfter));
                    node.setLong(4, Columns.micros(now));
                    node.setString(5, identity);
                    if (node.executeUpdate() != 1) {
                        throw UNDONE; // a revoked node: the credential stays unused
                    }
                    return true;
                }
            });
        } catch (Undone e) {
            return false;
        }
    }

    @Override
    public boolean recordRenewal(NodeId nodeId, String supersedes, String serial, Instant notAfter, Instant now)
            throws StoreException {
        return statements("cannot record a renewal", c -> {
            try (PreparedStatement q =
                    c.prepareStatement("UPDATE nodes SET serial = ?, not_after_us = ?, renewed_us = ?"
                            + " WHERE node_id = ? AND revoked_us IS NULL AND serial = ?")) {
                q.setString(1, serial);
                q.setLong(2, Columns.micros(notAfter));
                q.setLong(3, Columns.micros(now));
                q.setString(4, nodeId.value());
                q.setString(5, supersedes);
                return q.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<NodeRecord> node(NodeId nodeId) throws StoreException {
        return nodes("WHERE node_id = ?", nodeId.value()).stream().findFirst();
    }

    @Override
    public List<NodeRecord> nodes() throws StoreException {
        return nodes("ORDER BY node_id", null);
    }

    private List<NodeRecord> nodes(String where, String argument) throws StoreException {
        return rows(
                "cannot read nodes",
                "SELECT " + NODE_COLUMNS + " FROM nodes " + where,
                argument,
                EnrolmentTables::node);
    }

    @Override
    public List<Credential> credentials() throws StoreException {
        return rows(
                "cannot read credentials",
                "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials ORDER BY issued_us, psk_identity",
                null,
                EnrolmentTables::credential);
    }

    @Override
    public boolean hasUnusedBundle(String name) throws StoreException {
        return exists(
                "cannot look up " + name,
                "SELECT 1 FROM credentials WHERE device = ? AND state = 'unused' LIMIT 1",
                name,
                1);
    }

    @Override
    public int revoke(String device, Instant now) throws StoreException {
        return transaction("cannot revoke " + device, c -> {
            try (PreparedStatement nodes = c.prepareStatement("UPDATE nodes SET revoked_us = ?"
                            + " WHERE (node_id = ? OR device = ?) AND revoked_us IS NULL");
                    PreparedStatement credentials = c.prepareStatement(
                            "UPDATE credentials SET state = 'revoked' WHERE (device = ? OR node_id = ?)"
                                    + " AND state = 'unused'")) {
                // Credentials first: an enrolment in flight holds its credential's row, so this waits for it, and
                // the nodes statement that follows (a snapshot of its own under READ COMMITTED) sees the node it
                // enrolled; the other order would miss that node and leave it enrolled.
                credentials.setString(1, device);
                credentials.setString(2, device);
                int count = credentials.executeUpdate();
                nodes.setLong(1, Columns.micros(now));
                nodes.setString(2, device);
                nodes.setString(3, device);
                return count + nodes.executeUpdate();
            }
        });
    }

    @Override
    public boolean knows(String device) throws StoreException {
        return exists(
                "cannot look up " + device,
                "SELECT 1 FROM nodes WHERE node_id = ? OR device = ? UNION ALL"
                        + " SELECT 1 FROM credentials WHERE device = ? OR node_id = ? LIMIT 1",
                device,
                4);
    }

    /** Runs {@code sql} with {@code argument}; true when it gave a row. */
    private boolean exists(String failure, String sql, String argument, int times) throws StoreException {
        return statements(failure, c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                for (int i = 1; i <= times; i++) {
                    q.setString(i, argument);
                }
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void update(String failure, String sql, String argument) throws StoreException {
        statements(failure, c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, argument);
                return q.executeUpdate();
            }
        });
    }

    /** One row of a query as a value. */
    @FunctionalInterface
    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** The rows {@code sql} gives with {@code argument} (none when null), each made by {@code row}. */
    private <T> List<T> rows(String failure, String sql, String argument, Row<T> row) throws StoreException {
        return statements(failure, c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                if (argument != null) {
                    q.setString(1, argument);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.of(rs));
                    }
                }
                return out;
            }
        });
    }

    /** A row of {@link #CREDENTIAL_COLUMNS}. */
    private static Credential credential(ResultSet rs) throws SQLException {
        String node = rs.getString(4);
        return new Credential(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Optional.ofNullable(node).map(NodeId::new),
                Columns.instant(rs.getLong(5)));
    }

    /** A row of {@link #NODE_COLUMNS}. */
    private static NodeRecord node(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(6);
        boolean isRevoked = !rs.wasNull();
        return new NodeRecord(
                new NodeId(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                Columns.instant(rs.getLong(4)),
                Columns.instant(rs.getLong(5)),
                isRevoked ? Optional.of(Columns.instant(revoked)) : Optional.empty());
    }
}
