// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.fieldnode.collector.StoreException;
import org.tinylog.Logger;

/**
 * Copies a SQLite collector ({@code collector.db} and {@code enrolment.db} of its data directory) into a PostgreSQL
 * store, table by table, row by row, as they are: the layouts are the same ({@link PostgresSchema}), so a reading
 * keeps its (device, sequence) (NULL for a client without {@code s=}), time and time quality, typed value and sum,
 * digest (none for a string whose NUL had to be replaced) and receive time, and a node's latest update report
 * ({@code device_update}) comes along. Idempotent: a reading the store already holds is left as it is ({@code ON
 * CONFLICT DO NOTHING}; a health row counts as held when one of the same device, observation and receive time is; a
 * device's row takes the latest sighting and health figures of both), so running it again, or after the cluster took over, copies only what is missing; and the
 * security state merges: a credential used, replaced or revoked since stays so, a node's revocation is kept from
 * either side and its later certificate wins, the newer desired configuration and the later report of it win. The
 * source is opened read-only; stop its {@code serve} first, or run it again afterwards for what came in meanwhile.
 */
public final class SqliteImport {
    /** One table to copy: its name, its columns, and how a row already held is recognised. */
    private record Table(String file, String name, List<String> columns, String held) {}

    /** The tables of the SQLite collector at schema versions 5 and 6 (collector.db) and 2 (enrolment.db). */
    private static final List<Table> TABLES = List.of(
            new Table(
                    "collector.db",
                    "devices",
                    List.of(
                            "id",
                            "first_seen_us",
                            "last_seen_us",
                            "state",
                            "queue_depth",
                            "dropped",
                            "battery",
                            "battery_unit",
                            "health_us"),
                    // A device also seen by the cluster since: the earliest first and latest last sighting, and
                    // the health figures observed last.
                    """
                    ON CONFLICT (id) DO UPDATE SET first_seen_us = least(devices.first_seen_us, excluded.first_seen_us),
                        last_seen_us = greatest(devices.last_seen_us, excluded.last_seen_us),
                        state = CASE WHEN newer THEN excluded.state ELSE devices.state END,
                        queue_depth = CASE WHEN newer THEN excluded.queue_depth ELSE devices.queue_depth END,
                        dropped = CASE WHEN newer THEN excluded.dropped ELSE devices.dropped END,
                        battery = CASE WHEN newer THEN excluded.battery ELSE devices.battery END,
                        battery_unit = CASE WHEN newer THEN excluded.battery_unit ELSE devices.battery_unit END,
                        health_us = CASE WHEN newer THEN excluded.health_us ELSE devices.health_us END""".replace("newer", "coalesce(excluded.health_us, -1) > coalesce(devices.health_us, -1)")),
            new Table(
                    "collector.db",
                    "readings",
                    List.of(
                            "device",
                            "sequence",
                            "name",
                            "time_us",
                            "time_quality",
                            "value",
                            "unit",
                            "received_us",
                            "digest",
                            "value_type",
                            "text_value",
                            "bool_value",
                            "data_value",
                            "sum"),
                    // held under either unique key: (device, sequence), or (device, name, unit, time_us) without one
                    "ON CONFLICT DO NOTHING"),
            new Table(
                    "collector.db",
                    "health",
                    List.of(
                            "device",
                            "time_us",
                            "received_us",
                            "state",
                            "queue_depth",
                            "dropped",
                            "battery",
                            "battery_unit"),
                    null),
            new Table(
                    "collector.db",
                    "device_config",
                    List.of(
                            "device",
                            "desired_version",
                            "desired",
                            "desired_us",
                            "applied_version",
                            "reported_us",
                            "rejected_version",
                            "rejection"),
                    // A run after an earlier one merges: the newer desired version (a config set made on the old
                    // collector in between, or a row a node's report to the cluster made with version 0), and the
                    // later report of what the node applied.
                    """
                    ON CONFLICT (device) DO UPDATE SET
                        desired_version = CASE WHEN excluded.desired_version > device_config.desired_version
                            THEN excluded.desired_version ELSE device_config.desired_version END,
                        desired = CASE WHEN excluded.desired_version > device_config.desired_version
                            THEN excluded.desired ELSE device_config.desired END,
                        desired_us = CASE WHEN excluded.desired_version > device_config.desired_version
                            THEN excluded.desired_us ELSE device_config.desired_us END,
                        applied_version = CASE WHEN coalesce(excluded.reported_us, -1)
                                > coalesce(device_config.reported_us, -1)
                            THEN excluded.applied_version ELSE device_config.applied_version END,
                        rejected_version = CASE WHEN coalesce(excluded.reported_us, -1)
                                > coalesce(device_config.reported_us, -1)
                            THEN excluded.rejected_version ELSE device_config.rejected_version END,
                        rejection = CASE WHEN coalesce(excluded.reported_us, -1) > coalesce(device_config.reported_us, -1)
                            THEN excluded.rejection ELSE device_config.rejection END,
                        reported_us = greatest(excluded.reported_us, device_config.reported_us)
                    WHERE excluded.desired_version > device_config.desired_version
                        OR coalesce(excluded.reported_us, -1) > coalesce(device_config.reported_us, -1)"""),
            new Table(
                    "collector.db",
                    "device_update",
                    List.of("device", "installed", "state", "target", "received", "reason", "reported_us"),
                    // A node that reported to the cluster since: the later report stays.
                    """
                    ON CONFLICT (device) DO UPDATE SET installed = excluded.installed, state = excluded.state,
                        target = excluded.target, received = excluded.received, reason = excluded.reason,
                        reported_us = excluded.reported_us
                    WHERE excluded.reported_us > device_update.reported_us"""),
            new Table(
                    "enrolment.db",
                    "credentials",
                    List.of(
                            "psk_identity",
                            "device",
                            "sealed_key",
                            "state",
                            "node_id",
                            "issued_us",
                            "used_us",
                            "not_after_us"),
                    // A credential never goes back to unused: used, replaced or revoked on the old collector since an
                    // earlier run, it is so here too (SECURITY R4: a bundle enrols once).
                    """
                    ON CONFLICT (psk_identity) DO UPDATE SET state = excluded.state, node_id = excluded.node_id,
                        used_us = excluded.used_us
                    WHERE credentials.state = 'unused' AND excluded.state <> 'unused'"""),
            new Table(
                    "enrolment.db",
                    "nodes",
                    List.of("node_id", "device", "serial", "not_after_us", "enrolled_us", "renewed_us", "revoked_us"),
                    // A revocation is kept whichever side made it; the certificate of the later enrolment or renewal
                    // is the node's (a node renewed on the old collector in between would be locked out otherwise).
                    """
                    ON CONFLICT (node_id) DO UPDATE SET
                        revoked_us = coalesce(nodes.revoked_us, excluded.revoked_us),
                        device = CASE WHEN coalesce(excluded.renewed_us, excluded.enrolled_us)
                                > coalesce(nodes.renewed_us, nodes.enrolled_us)
                            THEN excluded.device ELSE nodes.device END,
                        serial = CASE WHEN coalesce(excluded.renewed_us, excluded.enrolled_us)
                                > coalesce(nodes.renewed_us, nodes.enrolled_us)
                            THEN excluded.serial ELSE nodes.serial END,
                        not_after_us = CASE WHEN coalesce(excluded.renewed_us, excluded.enrolled_us)
                                > coalesce(nodes.renewed_us, nodes.enrolled_us)
                            THEN excluded.not_after_us ELSE nodes.not_after_us END,
                        enrolled_us = greatest(excluded.enrolled_us, nodes.enrolled_us),
                        renewed_us = CASE WHEN coalesce(excluded.renewed_us, excluded.enrolled_us)
                                > coalesce(nodes.renewed_us, nodes.enrolled_us)
                            THEN excluded.renewed_us ELSE nodes.renewed_us END
                    WHERE (nodes.revoked_us IS NULL AND excluded.revoked_us IS NOT NULL)
                        OR coalesce(excluded.renewed_us, excluded.enrolled_us)
                            > coalesce(nodes.renewed_us, nodes.enrolled_us)"""));

    /** The SQLite schema versions this copies ({@code PRAGMA user_version}). */
    private static final Map<String, Set<Integer>> VERSIONS =
            Map.of("collector.db", Set.of(5, 6), "enrolment.db", Set.of(2)); // 6 changed an index only

    private static final int CHUNK = 5_000;

    /** The health columns' types: parameters in a SELECT list need them (they would be text otherwise). */
    private static final String HEALTH_MARKS =
            "?::text, ?::bigint, ?::bigint, ?::text, ?::bigint, ?::bigint, ?::float8, ?::text";

    /**
     * What was copied, per table: rows in the source, and how many of them were new to the store.
     *
     * @param source rows per table in the SQLite files
     * @param added rows per table the store did not hold before
     * @param alteredText rows this run wrote (inserted, or merged into a row the store held) in which a NUL
     *     character, which PostgreSQL's text cannot hold, was replaced with U+FFFD: a string value an earlier
     *     collector accepted (it now refuses one with 4.00), or a reason a node reported
     */
    public record Counts(Map<String, Long> source, Map<String, Long> added, long alteredText) {}

    /** U+FFFD REPLACEMENT CHARACTER, for a NUL PostgreSQL's text type refuses. */
    private static final String REPLACEMENT = "\uFFFD";

    /**
     * The columns whose NUL characters are replaced: values and reasons. Anywhere else (a device, a name, a unit, an
     * identity) a NUL refuses the copy: replacing it would change a key.
     */
    private static final Set<String> REPLACEABLE = Set.of("text_value", "rejection", "reason");

    private SqliteImport() {}

    /**
     * Copies {@code dataDir}'s SQLite files into {@code store}. A file that is missing is skipped.
     *
     * @throws StoreException when a file cannot be read, is of another schema version, or the store fails
     */
    public static Counts copy(Path dataDir, PostgresReadingStore store) throws StoreException {
        Map<String, Long> source = new TreeMap<>();
        Map<String, Long> added = new TreeMap<>();
        long altered = 0;
        for (String file : VERSIONS.keySet().stream().sorted().toList()) {
            Path path = dataDir.resolve(file);
            if (!Files.isRegularFile(path)) {
                continue;
            }
            Properties readOnly = new Properties();
            readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY (sqlite.org/c3ref/open.html)
            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + path, readOnly)) {
                int version = userVersion(sqlite);
                if (!VERSIONS.get(file).contains(version)) {
                    throw new StoreException(path + " has schema version " + version + "; this fieldnode copies"
                            + " version "
                            + VERSIONS.get(file).stream()
                                    .sorted()
                                    .map(String::valueOf)
                                    .collect(Collectors.joining(" or "))
                            + " (start and stop serve once with this fieldnode)");
                }
                sqlite.setAutoCommit(false); // one read snapshot for the whole file
                for (Table table : TABLES) {
                    if (table.file().equals(file)) {
                        long[] counts = copy(sqlite, table, store.database());
                        source.put(table.name(), counts[0]);
                        added.put(table.name(), counts[1]);
                        altered += counts[2];
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(path + ": cannot read: " + e.getMessage(), e);
            }
        }
        if (altered > 0) {
            Logger.warn(
                    "{} row(s) held a NUL character in a text value, which PostgreSQL cannot store: copied with U+FFFD"
                            + " in its place",
                    altered);
        }
        return new Counts(source, added, altered);
    }

    /** A value for a message: NULs shown as \0, at most 64 characters. */
    private static String shown(Object value) {
        String text = String.valueOf(value).replace("\u0000", "\\0");
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    private static int userVersion(Connection sqlite) throws SQLException {
        try (Statement s = sqlite.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Copies {@code table} in chunks of {@value #CHUNK} rows, one transaction each; {source rows, new rows, rows
     * written with a NUL replaced ({@link #readRow})}.
     */
    private static long[] copy(Connection sqlite, Table table, PostgresDatabase database)
            throws SQLException, StoreException {
        String columns = String.join(", ", table.columns());
        String marks = String.join(", ", table.columns().stream().map(c -> "?").toList());
        String insert = table.held() != null
                ? "INSERT INTO " + table.name() + " (" + columns + ") VALUES (" + marks + ") " + table.held()
                : "INSERT INTO " + table.name() + " (" + columns + ") SELECT " + HEALTH_MARKS
                        + " WHERE NOT EXISTS (SELECT 1" + " FROM " + table.name()
                        + " WHERE device = ? AND time_us = ? AND received_us = ?)";
        long read = 0;
        long added = 0;
        long altered = 0;
        try (Statement s = sqlite.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + table.name())) {
            boolean more = rs.next();
            while (more) {
                Object[][] chunk = new Object[CHUNK][];
                int n = 0;
                boolean[] alteredRows = new boolean[CHUNK];
                while (more && n < CHUNK) {
                    Object[] row = new Object[table.columns().size()];
                    alteredRows[n] = readRow(rs, table, row);
                    chunk[n++] = row;
                    more = rs.next();
                }
                int rows = n;
                read += rows;
                long[] written = database.transaction("cannot copy " + table.name(), c -> {
                    try (PreparedStatement put = c.prepareStatement(insert)) {
                        for (int r = 0; r < rows; r++) {
                            Object[] row = chunk[r];
                            for (int i = 0; i < row.length; i++) {
                                put.setObject(
                                        i + 1, row[i] instanceof Integer small ? (Object) small.longValue() : row[i]);
                            }
                            if (table.held() == null) { // health: device, time_us, received_us again
                                put.setObject(row.length + 1, row[0]);
                                put.setObject(row.length + 2, ((Number) row[1]).longValue());
                                put.setObject(row.length + 3, ((Number) row[2]).longValue());
                            }
                            put.addBatch();
                        }
                        long[] inserted = {0, 0}; // rows, rows with a NUL replaced
                        int[] counts = put.executeBatch();
                        for (int r = 0; r < counts.length; r++) {
                            inserted[0] += Math.max(counts[r], 0);
                            if (alteredRows[r] && counts[r] > 0) {
                                inserted[1]++;
                            }
                        }
                        return inserted;
                    }
                });
                added += written[0];
                altered += written[1];
            }
        }
        return new long[] {read, added, altered};
    }

    /**
     * Reads the current row of {@code rs} into {@code row}. A NUL in a value or a reason ({@link #REPLACEABLE})
     * becomes U+FFFD, and the row's digest, which covered the old text, is dropped (as for a reading stored before
     * digests were kept: a retransmission is then compared by content, ReadingContent.checkRetransmission).
     *
     * @return whether a NUL was replaced
     * @throws StoreException for a NUL anywhere else: replacing it would change a key
     */
    private static boolean readRow(ResultSet rs, Table table, Object[] row) throws SQLException, StoreException {
        boolean altered = false;
        for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
            if (row[i] instanceof String text && text.indexOf('\u0000') >= 0) {
                String column = table.columns().get(i);
                if (!REPLACEABLE.contains(column)) {
                    throw new StoreException(table.file() + ": " + table.name() + "." + column + " holds a NUL"
                            + " character, which PostgreSQL cannot store, in the row whose "
                            + table.columns().get(0)
                            + " is " + shown(row[0]) + "; it names something, so it is not altered. Migrate stopped"
                            + " there (what it copied stays; it is idempotent): correct or delete that row with sqlite3"
                            + " and run it again");
                }
                row[i] = text.replace("\u0000", REPLACEMENT);
                altered = true;
            }
        }
        if (altered && table.columns().contains("digest")) {
            row[table.columns().indexOf("digest")] = null;
        }
        return altered;
    }
}
