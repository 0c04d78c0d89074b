// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingSink;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.tinylog.Logger;

/**
 * A {@link ReadingStore} in a PostgreSQL database that every collector of a district shares (layout and versions in
 * {@link PostgresSchema}), with the desired configurations and the enrolment registry beside the readings. It puts
 * together parts that each do one job on one {@link PostgresDatabase}: ingest ({@link PostgresIngest}), queries and
 * retention ({@link PostgresQueries}), {@link PostgresDesiredConfigs}, {@link PostgresDeviceUpdates} and {@link PostgresEnrolmentRecords}.
 *
 * <p>The rules are the SQLite store's: exactly once per (device, sequence) through the table's unique key, whichever
 * member a batch reaches; a retransmission with other content refused (SECURITY R28, {@code
 * ReadingContent.checkRetransmission}); one commit per group ({@code GroupCommit}); an acknowledgement only after
 * PostgreSQL's commit (its write-ahead log flushed, {@code synchronous_commit=on}).
 */
public final class PostgresReadingStore implements ReadingStore {
    private final PostgresDatabase database;
    private final PostgresIngest ingest;
    private final PostgresQueries queries;
    private final PostgresDesiredConfigs desiredConfigs;
    private final PostgresDeviceUpdates deviceUpdates;

    private PostgresReadingStore(PostgresDatabase database) {
        this.database = database;
        this.ingest = new PostgresIngest(database);
        this.queries = new PostgresQueries(database);
        this.desiredConfigs = new PostgresDesiredConfigs(database);
        this.deviceUpdates = new PostgresDeviceUpdates(database);
    }

    /**
     * Connects, bringing the schema up to date (creating it in an empty database).
     *
     * @throws StoreException when the server cannot be reached, refuses the login, or has a newer schema
     */
    public static PostgresReadingStore open(PostgresLocation location) throws StoreException {
        try {
            PostgresDatabase database = PostgresDatabase.open(location);
            Logger.info("Collector store {} open (PostgreSQL, user {})", location.url(), location.user());
            return new PostgresReadingStore(database);
        } catch (IllegalStateException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    PostgresDatabase database() {
        return database;
    }

    /** The server and database, without credentials. */
    public PostgresLocation location() {
        return database.location();
    }

    /** The desired configurations (the nodes' twins), shared by every member. */
    public DesiredConfigs desiredConfigs() {
        return desiredConfigs;
    }

    /** What nodes report of their over-the-air updates, shared by every member. */
    public DeviceUpdates deviceUpdates() {
        return deviceUpdates;
    }

    /** The enrolment registry's rows in the same database; closing them leaves this store open. */
    public EnrolmentRecords enrolmentRecords() {
        return new PostgresEnrolmentRecords(database, false);
    }

    @Override
    public List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws StoreException {
        return ingest.storeNew(device, receivedAt, batch);
    }

    @Override
    public List<GroupOutcome> storeGroup(List<IncomingBatch> batches) {
        return ingest.storeGroup(batches);
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        queries.scan(filter, sink);
    }

    @Override
    public List<SeriesKey> series(ReadingFilter filter) throws StoreException {
        return queries.series(filter);
    }

    @Override
    public List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException {
        return queries.recent(device, series, limit);
    }

    @Override
    public List<DeviceSummary> devices() throws StoreException {
        return queries.devices();
    }

    @Override
    public long count() throws StoreException {
        return queries.count();
    }

    @Override
    public long deleteObservedBefore(Instant cutoff) throws StoreException {
        return queries.deleteObservedBefore(cutoff);
    }

    @Override
    public void close() {
        database.close();
        Logger.info("Collector store {} closed", database);
    }

    @Override
    public String toString() {
        return database.toString();
    }
}
