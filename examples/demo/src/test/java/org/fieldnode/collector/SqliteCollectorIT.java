// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's {@link CoapReporter} against a {@link CollectorServer} on a real SQLite file, over DTLS on loopback:
 * the acknowledgement means committed, a restart of the collector does not store a retransmission again, and a
 * batch the store cannot commit is answered 5.03 so that the node keeps it and retries.
 */
class SqliteCollectorIT {
    private static final String NODE = "fieldnode-5a1e";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final PskCredential key = credential();
    private SqliteReadingStore store;
    private CollectorServer collector;

    private static PskCredential credential() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return new PskCredential(NODE, secret);
    }

    private void startCollector() throws Exception {
        store = SqliteReadingStore.open(dir.resolve(SqliteReadingStore.FILE_NAME));
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(key))
                .store(store)
                .build();
        collector.start();
    }

    private void stopCollector() {
        if (collector != null) {
            collector.close();
            store.close();
        }
    }

    @AfterEach
    void stop() {
        stopCollector();
    }

    private ReportResult report(Batch batch) throws Exception {
        URI uri = URI.create("coaps://127.0.0.1:" + collector.address().getPort() + "/r");
        try (CoapReporter reporter =
                new CoapReporter(new CoapReporterSettings(uri, NODE, key, SenmlFormat.CBOR, Duration.ofSeconds(8)))) {
            return reporter.report(batch);
        }
    }

    private static Batch batch(long first, int count) {
        List<Reading> readings = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            readings.add(
                    // A reading's content follows from its sequence number, as on a real node: a retransmission that
                    // re-batches the readings must carry the same content for the same number (SECURITY R28).
                    new Reading(
                            "env0",
                            Channel.AMBIENT_TEMPERATURE,
                            20 + (first + i) % 10,
                            i,
                            T0.plusSeconds(60L * (first + i))));
        }
        return new Batch(first, readings);
    }

    @Test
    void acknowledgedBatch_isInTheFile_andItsRetransmissionAfterACollectorRestartAddsNothing() throws Exception {
        startCollector();
        assertThat(report(batch(100, 3))).isEqualTo(new ReportResult.Acknowledged(100));
        // Acknowledged means committed: another connection to the file sees the batch at once.
        try (SqliteReadingStore reader = SqliteReadingStore.openReadOnly(store.file())) {
            assertThat(reader.count()).isEqualTo(3);
        }

        stopCollector();
        startCollector();
        // The node never got the ACK, so it sends the same batch to the restarted collector, then the next one.
        assertThat(report(batch(100, 3))).isEqualTo(new ReportResult.Acknowledged(100));
        assertThat(report(batch(102, 3))).isEqualTo(new ReportResult.Acknowledged(102));

        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(100L, 101L, 102L, 103L, 104L);
        assertThat(store.all()).allSatisfy(r -> assertThat(r.device()).isEqualTo(NODE));
    }

    @Test
    void batchTheStoreCannotCommit_isAnswered503_storesNothing_andIsStoredWholeWhenSentAgain() throws Exception {
        startCollector();
        sql("CREATE TRIGGER fail_second BEFORE INSERT ON readings WHEN NEW.sequence = 11"
                + " BEGIN SELECT RAISE(ABORT, 'injected fault'); END");

        ReportResult failed = report(batch(10, 3));

        assertThat(failed).isInstanceOf(ReportResult.Unreachable.class);
        assertThat(((ReportResult.Unreachable) failed).reason())
                .contains("answered 5.03 SERVICE_UNAVAILABLE: cannot store readings now; send again later")
                .doesNotContain("injected")
                .doesNotContain("sqlite");
        assertThat(store.count()).isZero();
        assertThat(store.devices()).isEmpty();

        sql("DROP TRIGGER fail_second");
        assertThat(report(batch(10, 3))).isEqualTo(new ReportResult.Acknowledged(10));
        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(10L, 11L, 12L);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
