// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The layout of {@code collector.db} and its {@link Migrations} (one transaction per version, forward only).
 *
 * <pre>
 * devices   id TEXT PRIMARY KEY          the node's authenticated identity (PSK identity, later certificate)
 *           first_seen_us, last_seen_us  collector receive times, microseconds since 1970-01-01T00:00:00Z
 *           state TEXT                   the node-reported state (ok, degraded, bootstrap), NULL until reported
 *           queue_depth, dropped INTEGER the node's latest health/queued and health/dropped, NULL until reported
 *           battery REAL, battery_unit   the node's latest health/battery and its SenML unit
 *           health_us INTEGER            observation time of the latest health figures
 *
 * readings  device TEXT, sequence INTEGER  UNIQUE: the exactly-once key (the node numbers every reading)
 *           name TEXT                    series name under the node's base name, e.g. env0/temperature
 *           time_us INTEGER              observation time, microseconds since the epoch (SenML times are exact
 *                                        to the microsecond until 2106, PackResolver)
 *           time_quality TEXT            NULL until nodes report it
 *           value REAL, unit TEXT        the value in its SenML unit ("" for none)
 *           received_us INTEGER          when the collector stored it
 *           digest BLOB                  (version 3) ReadingContent.digest: 16 bytes that tell a retransmission
 *                                        from a conflict (SECURITY R28); NULL for readings stored before version 3
 *           indexes: (time_us) for export and retention; (device, name, time_us) for charts, (version 6)
 *           (device, time_us) instead
 *
 *           (version 4) sequence NULL for a client that sends no s=: such readings are kept once per
 *           (device, name, unit, time_us) instead (partial unique indexes readings_by_sequence, readings_unsequenced)
 *           value_type TEXT              v, vs, vb, vd (RFC 8428 §4.2) or s (a sum alone); the value is in the
 *                                        column of its type: value REAL, text_value TEXT (<= 1024 characters),
 *                                        bool_value INTEGER 0/1, data_value BLOB (<= 1024 bytes); the others NULL
 *           sum REAL                     the SenML sum (s, with bs applied), NULL when none
 *           time_quality                 synced, unsynced (a clock no source had set), relative (a time below
 *                                        2^28 s, resolved against received_us), receipt (no time: received_us)
 *
 * health    device, time_us, received_us, state, queue_depth, dropped, battery, battery_unit
 *           one row per batch that carried health readings: the history behind the devices columns
 *
 * device_config (version 2)                 the node's twin, see {@link SqliteDesiredConfigs}
 *           device TEXT PRIMARY KEY
 *           desired_version INTEGER          0 until {@code config set}; each set adds one
 *           desired TEXT                     the whole desired set, canonical key=value lines sorted by key
 *           desired_us INTEGER               when it was set
 *           applied_version INTEGER          the node's latest c=, NULL until it sends one
 *           reported_us INTEGER              when the node last changed applied or rejected
 *           rejected_version, rejection      the node's latest cr= and cw=, NULL until it refuses one
 *
 * device_update (version 5)                 over-the-air update state per node, see {@link SqliteDeviceUpdates}
 *
 * (version 6) readings_by_series (device, name, time_us) replaced by readings_by_device (device, time_us)
 * </pre>
 *
 * Tables are {@code STRICT} (SQLite 3.37+): a value of the wrong type is an error, not silently kept.
 */
final class Schema {
    /** The steps from one version to the next. */
    static final Migrations MIGRATIONS = new Migrations(
            "Collector store",
            List.of(
                    // 0 -> 1: the first layout.
                    List.of(
                            """
                    CREATE TABLE devices (
                        id TEXT PRIMARY KEY,
                        first_seen_us INTEGER NOT NULL,
                        last_seen_us INTEGER NOT NULL,
                        state TEXT,
                        queue_depth INTEGER,
                        dropped INTEGER,
                        battery REAL,
                        battery_unit TEXT NOT NULL DEFAULT '',
                        health_us INTEGER
                    ) STRICT""",
                            """
                    CREATE TABLE readings (
                        device TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        time_us INTEGER NOT NULL,
                        time_quality TEXT,
                        value REAL NOT NULL,
                        unit TEXT NOT NULL,
                        received_us INTEGER NOT NULL,
                        UNIQUE (device, sequence)
                    ) STRICT""",
                            "CREATE INDEX readings_by_time ON readings (time_us)",
                            "CREATE INDEX readings_by_series ON readings (device, name, time_us)",
                            """
                    CREATE TABLE health (
                        device TEXT NOT NULL,
                        time_us INTEGER NOT NULL,
                        received_us INTEGER NOT NULL,
                        state TEXT,
                        queue_depth INTEGER,
                        dropped INTEGER,
                        battery REAL,
                        battery_unit TEXT NOT NULL DEFAULT ''
                    ) STRICT""",
                            "CREATE INDEX health_by_device ON health (device, time_us)"),
                    // 1 -> 2: desired configurations.
                    List.of("""
                    CREATE TABLE device_config (
                        device TEXT PRIMARY KEY,
                        desired_version INTEGER NOT NULL DEFAULT 0,
                        desired TEXT NOT NULL DEFAULT '',
                        desired_us INTEGER,
                        applied_version INTEGER,
                        reported_us INTEGER,
                        rejected_version INTEGER,
                        rejection TEXT
                    ) STRICT"""),
                    // 2 -> 3: a digest per reading (no silent discard of a conflicting retransmission). Readings stored
                    // before keep NULL; they are compared by their columns.
                    List.of("ALTER TABLE readings ADD COLUMN digest BLOB"),
                    // 3 -> 4: every SenML value type (RFC 8428 §4.2) in its own column, sums, clients without s=.
                    // SQLite cannot drop NOT NULL, so the table is rebuilt; every reading stored before is a number.
                    List.of(
                            """
                    CREATE TABLE readings_v4 (
                        device TEXT NOT NULL,
                        sequence INTEGER,
                        name TEXT NOT NULL,
                        time_us INTEGER NOT NULL,
                        time_quality TEXT,
                        value_type TEXT NOT NULL DEFAULT 'v' CHECK (value_type IN ('v', 'vs', 'vb', 'vd', 's')),
                        value REAL,
                        text_value TEXT CHECK (length(text_value) <= 1024),
                        bool_value INTEGER CHECK (bool_value IN (0, 1)),
                        data_value BLOB CHECK (length(data_value) <= 1024),
                        sum REAL,
                        unit TEXT NOT NULL,
                        received_us INTEGER NOT NULL,
                        digest BLOB,
                        CHECK ((value_type = 'v') = (value IS NOT NULL)),
                        CHECK ((value_type = 'vs') = (text_value IS NOT NULL)),
                        CHECK ((value_type = 'vb') = (bool_value IS NOT NULL)),
                        CHECK ((value_type = 'vd') = (data_value IS NOT NULL)),
                        CHECK (value_type <> 's' OR sum IS NOT NULL)
                    ) STRICT""",
                            """
                    INSERT INTO readings_v4 (device, sequence, name, time_us, time_quality, value_type, value, unit,
                        received_us, digest)
                    SELECT device, sequence, name, time_us, time_quality, 'v', value, unit, received_us, digest
                    FROM readings""",
                            "DROP TABLE readings",
                            "ALTER TABLE readings_v4 RENAME TO readings",
                            "CREATE UNIQUE INDEX readings_by_sequence ON readings (device, sequence)"
                                    + " WHERE sequence IS NOT NULL",
                            "CREATE UNIQUE INDEX readings_unsequenced ON readings (device, name, unit, time_us)"
                                    + " WHERE sequence IS NULL",
                            "CREATE INDEX readings_by_time ON readings (time_us)",
                            "CREATE INDEX readings_by_series ON readings (device, name, time_us)"),
                    // 4 -> 5: what nodes report about over-the-air updates. Self-contained: its SQL lives in
                    // SqliteDeviceUpdates.
                    SqliteDeviceUpdates.CREATE,
                    // 5 -> 6: one chart index entry per device instead of per series. Every commit writes each leaf
                    // page it touched to the WAL, and (device, name, time_us) put the readings of one batch on one
                    // leaf per series; (device, time_us) puts them on one leaf per device: about 60 % fewer pages
                    // per group commit, +30 % ingest at 100 nodes (BENCHMARKS.md). A series' readings are found
                    // by its device's time range and filtered by name.
                    List.of(
                            "DROP INDEX readings_by_series",
                            "CREATE INDEX readings_by_device ON readings (device, time_us)")));

    /** The version this code reads and writes: 6. */
    static final int VERSION = MIGRATIONS.version();

    private Schema() {}

    static int version(Connection connection) throws SQLException {
        return Migrations.version(connection);
    }

    /** Brings the file to {@code target} (at most {@link #VERSION}): tests make old files with it. */
    static void migrate(Connection connection, String file, int target) throws SQLException {
        MIGRATIONS.migrate(connection, file, target);
    }
}
