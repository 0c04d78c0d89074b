// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.tinylog.Logger;

/**
 * The tables of a PostgreSQL store and the steps between their versions. A PostgreSQL store holds what a SQLite
 * collector keeps in two files, so it has two parts, each with the versions of its SQLite file, step by step, by
 * number: {@code collector} mirrors {@code sqlite.Schema} ({@code collector.db}) and {@code enrolment} mirrors
 * {@code sqlite.SqliteEnrolmentRecords} ({@code enrolment.db}); a third, {@code cluster}, holds what the members of a
 * cluster share beyond them (the CA's state, {@link ClusterCa}). Column types map one to one (INTEGER → bigint,
 * REAL → double precision, TEXT → text, BLOB → bytea); times stay microseconds since the epoch, so a row copied
 * from SQLite ({@code collector migrate}) is the same row.
 *
 * <p>The version of each part is its row in {@code fieldnode_schema}. Every step runs in the transaction that
 * opens the store, under a transaction-scoped advisory lock, so members starting at once migrate one after the
 * other and a crash leaves the old version. A database of a newer version than this code knows is refused.
 *
 * <p>After the steps, the view {@code readings_view} is made again: time (timestamptz), device, device_name (the
 * label an enrolled node was issued under, else its identity), series, value_type, value (the number: v, a
 * boolean as 1 or 0, or the sum of a reading that has only one; NULL for text and data), text_value, bool_value
 * (boolean), sum, unit, time_quality, one row per reading, for Grafana and SQL users (SCALING.md). It is not a step, so that a new reading layout changes it too.
 */
final class PostgresSchema {
    /** One part of the schema: its name in {@code fieldnode_schema} and the SQL of each step, in order. */
    record Part(String name, List<List<String>> steps) {
        Part {
            steps = List.copyOf(steps);
        }

        int version() {
            return steps.size();
        }
    }

    /** {@code sqlite.Schema}'s steps 1 to 5, in PostgreSQL. */
    static final Part COLLECTOR = new Part(
            "collector",
            List.of(
                    // 0 -> 1: the first layout.
                    List.of(
                            """
                    CREATE TABLE devices (
                        id text PRIMARY KEY,
                        first_seen_us bigint NOT NULL,
                        last_seen_us bigint NOT NULL,
                        state text,
                        queue_depth bigint,
                        dropped bigint,
                        battery double precision,
                        battery_unit text NOT NULL DEFAULT '',
                        health_us bigint
                    )""",
                            """
                    CREATE TABLE readings (
                        device text NOT NULL,
                        sequence bigint NOT NULL,
                        name text NOT NULL,
                        time_us bigint NOT NULL,
                        time_quality text,
                        value double precision NOT NULL,
                        unit text NOT NULL,
                        received_us bigint NOT NULL,
                        UNIQUE (device, sequence)
                    )""",
                            "CREATE INDEX readings_by_time ON readings (time_us)",
                            "CREATE INDEX readings_by_series ON readings (device, name, time_us)",
                            """
                    CREATE TABLE health (
                        device text NOT NULL,
                        time_us bigint NOT NULL,
                        received_us bigint NOT NULL,
                        state text,
                        queue_depth bigint,
                        dropped bigint,
                        battery double precision,
                        battery_unit text NOT NULL DEFAULT ''
                    )""",
                            "CREATE INDEX health_by_device ON health (device, time_us)"),
                    // 1 -> 2: desired configurations.
                    List.of("""
                    CREATE TABLE device_config (
                        device text PRIMARY KEY,
                        desired_version bigint NOT NULL DEFAULT 0,
                        desired text NOT NULL DEFAULT '',
                        desired_us bigint,
                        applied_version bigint,
                        reported_us bigint,
                        rejected_version bigint,
                        rejection text
                    )"""),
                    // 2 -> 3: a digest per reading (SECURITY R28).
                    List.of("ALTER TABLE readings ADD COLUMN digest bytea"),
                    // 3 -> 4: every SenML value type (RFC 8428 §4.2) in its own column, sums, clients without s=
                    // (sqlite.Schema's step 4, same columns and checks). PostgreSQL changes the table in place; every
                    // reading stored before is a number ('v').
                    List.of(
                            """
                    ALTER TABLE readings
                        ALTER COLUMN sequence DROP NOT NULL,
                        ALTER COLUMN value DROP NOT NULL,
                        ADD COLUMN value_type text NOT NULL DEFAULT 'v'
                            CHECK (value_type IN ('v', 'vs', 'vb', 'vd', 's')),
                        ADD COLUMN text_value text CHECK (length(text_value) <= 1024),
                        ADD COLUMN bool_value bigint CHECK (bool_value IN (0, 1)),
                        ADD COLUMN data_value bytea CHECK (octet_length(data_value) <= 1024),
                        ADD COLUMN sum double precision,
                        ADD CHECK ((value_type = 'v') = (value IS NOT NULL)),
                        ADD CHECK ((value_type = 'vs') = (text_value IS NOT NULL)),
                        ADD CHECK ((value_type = 'vb') = (bool_value IS NOT NULL)),
                        ADD CHECK ((value_type = 'vd') = (data_value IS NOT NULL)),
                        ADD CHECK (value_type <> 's' OR sum IS NOT NULL)""",
                            "ALTER TABLE readings DROP CONSTRAINT readings_device_sequence_key",
                            "CREATE UNIQUE INDEX readings_by_sequence ON readings (device, sequence)"
                                    + " WHERE sequence IS NOT NULL",
                            "CREATE UNIQUE INDEX readings_unsequenced ON readings (device, name, unit, time_us)"
                                    + " WHERE sequence IS NULL"),
                    // 4 -> 5: what nodes report about over-the-air updates; its SQL lives in PostgresDeviceUpdates.
                    PostgresDeviceUpdates.CREATE));

    /** {@code sqlite.SqliteEnrolmentRecords}' steps 1 and 2, in PostgreSQL. */
    static final Part ENROLMENT = new Part(
            "enrolment",
            List.of(
                    List.of("""
                    CREATE TABLE credentials (
                        psk_identity text PRIMARY KEY,
                        device text NOT NULL,
                        sealed_key bytea NOT NULL,
                        state text NOT NULL,
                        node_id text,
                        issued_us bigint NOT NULL,
                        used_us bigint
                    )""", """
                    CREATE TABLE nodes (
                        node_id text PRIMARY KEY,
                        device text NOT NULL,
                        serial text NOT NULL,
                        not_after_us bigint NOT NULL,
                        enrolled_us bigint NOT NULL,
                        renewed_us bigint,
                        revoked_us bigint
                    )""", "CREATE INDEX credentials_by_device ON credentials (device)"),
                    List.of(
                            "ALTER TABLE credentials ADD COLUMN not_after_us bigint",
                            "UPDATE credentials SET not_after_us = issued_us + "
                                    + EnrolmentRegistry.DEFAULT_BUNDLE_LIFETIME.toNanos() / 1000
                                    + " WHERE not_after_us IS NULL")));

    /**
     * What the members of a cluster share beyond the two SQLite files' contents: the CA's encrypted keystore ({@link
     * ClusterCa}).
     */
    static final Part CLUSTER = new Part(
            "cluster",
            List.of(
                    // 0 -> 1: the CA's files.
                    List.of("""
                    CREATE TABLE ca_files (
                        name text PRIMARY KEY,
                        content bytea NOT NULL,
                        created_us bigint NOT NULL
                    )"""),
                    // 1 -> 2: the keystore only. Development builds kept its wrapping key and the internal port's key
                    // beside it; members now hold the key themselves. The new version also makes an older member
                    // refuse this database instead of putting the key back.
                    List.of("DELETE FROM ca_files WHERE name <> '" + ClusterCa.KEYSTORE + "'")));

    static final List<Part> PARTS = List.of(COLLECTOR, ENROLMENT, CLUSTER);

    /** The read-only view for Grafana and SQL users, made again after every migration. */
    static final String VIEW = """
            CREATE VIEW readings_view AS
            SELECT to_timestamp(r.time_us / 1000000.0) AS time,
                   r.device AS device,
                   coalesce(n.device, r.device) AS device_name,
                   r.name AS series,
                   r.value_type AS value_type,
                   CASE r.value_type WHEN 'v' THEN r.value WHEN 'vb' THEN r.bool_value WHEN 's' THEN r.sum END AS value,
                   r.text_value AS text_value,
                   r.bool_value = 1 AS bool_value,
                   r.sum AS sum,
                   r.unit AS unit,
                   coalesce(r.time_quality, 'synced') AS time_quality
            FROM readings r LEFT JOIN nodes n ON n.node_id = r.device""";

    /** Serialises migrations of members that start at once (any constant; "fieldnode" in ASCII). */
    private static final long MIGRATION_LOCK = 0x6669656c646e6f64L;

    private PostgresSchema() {}

    /** Brings every part to the version this code knows, inside the caller's transaction. */
    static void migrate(Connection c, String where) throws SQLException {
        migrate(c, where, PARTS);
    }

    static void migrate(Connection c, String where, List<Part> parts) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, MIGRATION_LOCK);
            lock.execute();
        }
        PostgresDatabase.execute(
                c, "CREATE TABLE IF NOT EXISTS fieldnode_schema (part text PRIMARY KEY, version bigint NOT NULL)");
        boolean changed = false;
        for (Part part : parts) {
            int version = version(c, part.name());
            if (version > part.version()) {
                throw new IllegalStateException(where + " has " + part.name() + " schema version " + version
                        + "; this collector knows up to " + part.version() + ": run a newer fieldnode");
            }
            for (int from = version; from < part.version(); from++) {
                for (String sql : part.steps().get(from)) {
                    PostgresDatabase.execute(c, sql);
                }
                try (PreparedStatement set = c.prepareStatement("""
                        INSERT INTO fieldnode_schema (part, version) VALUES (?, ?)
                        ON CONFLICT (part) DO UPDATE SET version = excluded.version""")) {
                    set.setString(1, part.name());
                    set.setLong(2, from + 1);
                    set.executeUpdate();
                }
                Logger.info("PostgreSQL store {}: {} schema migrated to version {}", where, part.name(), from + 1);
                changed = true;
            }
        }
        if (changed) {
            // The view is made again over the new tables; whoever could read it (Grafana's role) still can.
            List<String> readers = viewReaders(c);
            PostgresDatabase.execute(c, "DROP VIEW IF EXISTS readings_view");
            PostgresDatabase.execute(c, VIEW);
            for (String reader : readers) {
                PostgresDatabase.execute(
                        c,
                        "GRANT SELECT ON readings_view TO "
                                + (reader.equals("PUBLIC") ? reader : '"' + reader.replace("\"", "\"\"") + '"'));
            }
        }
    }

    /** The roles other than ours that may read {@code readings_view} ({@code PUBLIC} included). */
    private static List<String> viewReaders(Connection c) throws SQLException {
        List<String> readers = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                        SELECT DISTINCT grantee FROM information_schema.role_table_grants
                        WHERE table_schema = current_schema() AND table_name = 'readings_view'
                            AND privilege_type = 'SELECT' AND grantee <> current_user""");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                readers.add(rs.getString(1));
            }
        }
        return readers;
    }

    /** The version of {@code part}: 0 in a new database. */
    static int version(Connection c, String part) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT version FROM fieldnode_schema WHERE part = ?")) {
            q.setString(1, part);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
