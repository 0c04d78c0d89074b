// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlException;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The collector's work for one POST of readings, on its public API: decode the SenML-CBOR payload
 * ({@link SenmlCodec#decode}), name each record under the node's base name with its sequence number, and commit
 * the batch to the real {@link SqliteReadingStore} ({@code collector.db} in a fresh directory under
 * {@link BenchmarkFiles#root()} per trial; WAL, {@code synchronous=FULL}: one WAL fsync per commit, so a batch is
 * on disk before it is acknowledged). Every call stores new readings: the sequence moves on by the batch size.
 *
 * <p>{@code readings}: 4 (one POST per sampling cycle) or 48 (an hourly batch). The mapping mirrors the collector's
 * package-private {@code BatchIngest}; {@link #ingest} is the one place to adapt when the ingest path changes
 * (e.g. group commit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CollectorIngestBenchmark {
    @Param({"4", "48"})
    public int readings;

    private Path directory;
    private SqliteReadingStore store;
    private byte[] payload;
    private String baseName;
    private long sequence;

    @Setup(Level.Trial)
    public void open() throws IOException, StoreException {
        directory = BenchmarkFiles.scratch("jmh-collector-");
        store = SqliteReadingStore.open(directory.resolve(SqliteReadingStore.FILE_NAME));
        baseName = HourlyBatch.baseName();
        Batch batch = new Batch(0, HourlyBatch.hour().subList(0, readings));
        payload = SenmlCodec.encode(HourlyBatch.records(baseName, batch), SenmlFormat.CBOR);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        BenchmarkFiles.delete(directory);
    }

    /** Decode and commit one batch. */
    @Benchmark
    public List<StoredReading> decodeAndStore() throws SenmlException, StoreException {
        List<StoredReading> stored = ingest(HourlyBatch.NODE_ID, sequence, payload);
        sequence += readings;
        return stored;
    }

    private List<StoredReading> ingest(String device, long firstSequence, byte[] cbor)
            throws SenmlException, StoreException {
        List<SenmlRecord> records = SenmlCodec.decode(cbor, SenmlFormat.CBOR);
        List<StoredReading> batch = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord record = records.get(i);
            if (!record.name().startsWith(baseName)) {
                throw new IllegalStateException("record " + i + " is not under " + baseName + ": " + record.name());
            }
            batch.add(new StoredReading(
                    device,
                    record.name().substring(baseName.length()),
                    record.value(),
                    record.unit(),
                    record.time(),
                    firstSequence + i,
                    record.timeUnsynced()));
        }
        return store.storeNew(device, Instant.now(), batch);
    }
}
