// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlException;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SenML (RFC 8428) of a weather station's hourly batch ({@link HourlyBatch}: 48 readings, 4 series at 5-minute
 * steps) through the public entry point the reporter uses: readings to resolved records, then
 * {@link SenmlCodec#encode} to CBOR (RFC 8428 §6, what goes on the air) or JSON (§5); and back with
 * {@link SenmlCodec#decode}, which is also the collector's first step. Whatever the codec does inside (base
 * fields, compact numbers) is what is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SenmlEncodingBenchmark {
    private Batch batch;
    private String baseName;
    private byte[] cbor;
    private byte[] json;

    @Setup
    public void prepare() {
        batch = new Batch(1_000, HourlyBatch.hour());
        baseName = HourlyBatch.baseName();
        cbor = encodeCbor();
        json = encodeJson();
    }

    /** Batch to SenML-CBOR bytes. */
    @Benchmark
    public byte[] encodeCbor() {
        return SenmlCodec.encode(HourlyBatch.records(baseName, batch), SenmlFormat.CBOR);
    }

    /** Batch to SenML-JSON bytes. */
    @Benchmark
    public byte[] encodeJson() {
        return SenmlCodec.encode(HourlyBatch.records(baseName, batch), SenmlFormat.JSON);
    }

    /** SenML-CBOR bytes to resolved, checked records. */
    @Benchmark
    public List<SenmlRecord> decodeCbor() throws SenmlException {
        return SenmlCodec.decode(cbor, SenmlFormat.CBOR);
    }

    /** SenML-JSON bytes to resolved, checked records. */
    @Benchmark
    public List<SenmlRecord> decodeJson() throws SenmlException {
        return SenmlCodec.decode(json, SenmlFormat.JSON);
    }
}
