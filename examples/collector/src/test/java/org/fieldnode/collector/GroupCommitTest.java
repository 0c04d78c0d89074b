// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.fieldnode.collector.BatchIngest.Verdict;
import org.fieldnode.collector.ReadingIngest.GroupOutcome;
import org.fieldnode.collector.ReadingIngest.IncomingBatch;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real SQLite file: batches waiting together share one transaction, each is answered only once
 * its commit is visible to another connection, a failing batch fails alone, a full queue is answered 5.03, and
 * closing commits what was queued.
 */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve(SqliteReadingStore.FILE_NAME);
    }

    private static IncomingBatch batch(String device, long first, double... values) {
        List<StoredReading> readings = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            readings.add(new StoredReading(device, "env0/temperature", values[i], "Cel", T0.plusSeconds(i), first + i));
        }
        return new IncomingBatch(device, T0, readings);
    }

    @Test
    void batchesQueuedConcurrently_shareOneCommit_andEachIsAnsweredAfterItIsVisible() throws Exception {
        int threads = 8;
        int perThread = 5;
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            GroupCommit commits = new GroupCommit(store, 100);
            Map<String, Long> visibleWhenAnswered = new ConcurrentHashMap<>();
            CountDownLatch answered = new CountDownLatch(threads * perThread);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String device = "n" + t;
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int b = 0; b < perThread; b++) {
                        long first = b * 3L;
                        boolean queued = commits.offer(batch(device, first, 20, 21, 22), outcome -> {
                            visibleWhenAnswered.put(device + "/" + first, committedReadingsOf(device, first));
                            answered.countDown();
                        });
                        assertThat(queued).isTrue();
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            commits.start(); // every batch is waiting: one group
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
            commits.close();

            assertThat(commits.batches()).isEqualTo(threads * perThread);
            assertThat(commits.commits()).isEqualTo(1);
            assertThat(visibleWhenAnswered).hasSize(threads * perThread);
            assertThat(visibleWhenAnswered.values())
                    .as("each batch was committed (seen by another connection) before it was answered")
                    .containsOnly(3L);
            assertThat(store.count()).isEqualTo(threads * perThread * 3L);
        }
    }

    /** Readings of one batch as another connection sees them: only what was committed. */
    private long committedReadingsOf(String device, long first) {
        try (SqliteReadingStore reader = SqliteReadingStore.openReadOnly(db())) {
            return reader.all().stream()
                    .filter(r -> r.device().equals(device) && r.sequence() >= first && r.sequence() < first + 3)
                    .count();
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBatchTheStoreRejects_failsAlone_theRestOfItsGroupIsStored() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            // A trigger refuses the second reading of device "bad" (readings cannot carry a value SQLite refuses,
            // since StoredReading checks them first): the whole batch must go, alone.
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db());
                    java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER refuse_bad BEFORE INSERT ON readings"
                        + " WHEN NEW.device = 'bad' AND NEW.sequence = 1 BEGIN SELECT RAISE(ABORT, 'refused'); END");
            }
            List<GroupOutcome> outcomes = store.storeGroup(
                    List.of(batch("good1", 0, 20, 21), batch("bad", 0, 20, 23), batch("good2", 0, 22)));

            assertThat(outcomes.get(0)).isInstanceOf(GroupOutcome.Added.class);
            assertThat(outcomes.get(1)).isInstanceOf(GroupOutcome.Failed.class);
            assertThat(outcomes.get(2)).isInstanceOf(GroupOutcome.Added.class);
            assertThat(((GroupOutcome.Failed) outcomes.get(1)).cause().getMessage())
                    .contains("batch of 2 reading(s) of bad not stored");
            assertThat(store.all())
                    .extracting(StoredReading::device)
                    .containsExactlyInAnyOrder("good1", "good1", "good2");
            assertThat(store.devices()).extracting(DeviceSummary::device).containsExactly("good1", "good2");
        }
    }

    @Test
    void aRefusedPostAmongQueuedOnes_isAnsweredAtOnce_andTheOthersAreStored() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            GroupCommit commits = new GroupCommit(store, 10);
            BatchIngest ingest = new BatchIngest(store, ReadingListener.none());
            List<Verdict> verdicts = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch answered = new CountDownLatch(3);
            ingest.ingest("n1", 112, List.of("s=0"), pack("urn:dev:ops:n1:a"), commits, v -> {
                verdicts.add(v);
                answered.countDown();
            });
            ingest.ingest("n2", 112, List.of("s=0"), pack("urn:dev:ops:n9:a"), commits, v -> {
                verdicts.add(v);
                answered.countDown();
            });
            assertThat(verdicts).singleElement().isInstanceOf(Verdict.Refused.class);
            ingest.ingest("n3", 112, List.of("s=0"), pack("urn:dev:ops:n3:a", "urn:dev:ops:n3:b"), commits, v -> {
                verdicts.add(v);
                answered.countDown();
            });
            commits.start();
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
            commits.close();

            assertThat(verdicts.subList(1, 3)).containsExactly(new Verdict.Stored(1), new Verdict.Stored(2));
            assertThat(store.all()).extracting(StoredReading::device).containsExactlyInAnyOrder("n1", "n3", "n3");
        }
    }

    @Test
    void fullQueue_isAnsweredServiceUnavailableWithMaxAge() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            GroupCommit commits = new GroupCommit(store, 2);
            BatchIngest ingest = new BatchIngest(store, ReadingListener.none());
            List<Verdict> verdicts = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 3; i++) {
                ingest.ingest("n1", 112, List.of("s=" + i), pack("urn:dev:ops:n1:a"), commits, verdicts::add);
            }

            assertThat(verdicts)
                    .containsExactly(new Verdict.NotStored(
                            ResponseCode.SERVICE_UNAVAILABLE,
                            "collector overloaded; send again later",
                            BatchIngest.OVERLOADED_RETRY_AFTER_SECONDS));
            commits.start();
            commits.close();
            assertThat(verdicts).hasSize(3);
            assertThat(store.count()).isEqualTo(2);
        }
    }

    @Test
    void close_commitsAndAnswersEveryQueuedBatch_thenTakesNoMore() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            GroupCommit commits = new GroupCommit(store, 100);
            List<GroupOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 20; i++) {
                assertThat(commits.offer(batch("n1", i * 2L, 20, 21), outcomes::add))
                        .isTrue();
            }
            commits.start();
            commits.close();

            assertThat(outcomes)
                    .hasSize(20)
                    .allMatch(o ->
                            o instanceof GroupOutcome.Added a && a.readings().size() == 2);
            assertThat(store.count()).isEqualTo(40);
            assertThat(commits.offer(batch("n1", 100, 20), outcomes::add)).isFalse();
        }
    }

    private static byte[] pack(String... names) {
        List<SenmlRecord> records = new ArrayList<>();
        for (String name : names) {
            records.add(new SenmlRecord(name, "Cel", 1, T0));
        }
        return SenmlCodec.encode(records, SenmlFormat.CBOR);
    }
}
