// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.junit.jupiter.api.Test;

/** The delivery loop against a scripted reporter: order, exactly-the-same retries, pacing. */
class DeliveryLoopTest {
    /** Fails the first {@code failures} sends, then acknowledges; remembers what it was sent. */
    private static class ScriptedReporter implements Reporter {
        private final List<Batch> sent = new ArrayList<>();
        private int failures;

        ScriptedReporter(int failures) {
            this.failures = failures;
        }

        @Override
        public synchronized ReportResult report(Batch batch) {
            sent.add(batch);
            if (failures > 0) {
                failures--;
                return new ReportResult.Unreachable(batch.sequence(), "link down");
            }
            return new ReportResult.Acknowledged(batch.sequence());
        }

        synchronized List<Batch> sent() {
            return List.copyOf(sent);
        }

        @Override
        public void close() {}
    }

    private static List<Reading> readings(int n) {
        List<Reading> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Reading("env0", Channel.AMBIENT_TEMPERATURE, 20 + i, i, Instant.EPOCH.plusSeconds(1000 + i)));
        }
        return list;
    }

    @Test
    void backlog_isDeliveredInOrder_retriesResendTheSameBatch_andPacingKeepsAllOfIt() throws Exception {
        MemoryReadingQueue queue = new MemoryReadingQueue(100);
        queue.append(readings(10));
        ScriptedReporter reporter = new ScriptedReporter(2);
        DeliveryLoop loop = new DeliveryLoop(
                queue,
                reporter,
                4,
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                UnaryOperator.identity(),
                new DeliveryLoop.Pacing(Duration.ofMillis(50), Duration.ofMillis(20)));
        loop.start();
        assertThat(loop.awaitDrained(Duration.ofSeconds(10))).isTrue();
        loop.close();

        List<Batch> sent = reporter.sent();
        assertThat(sent.get(0)).isEqualTo(sent.get(1)).isEqualTo(sent.get(2));
        assertThat(sent.subList(2, sent.size())).extracting(Batch::sequence).containsExactly(0L, 4L, 8L);
        assertThat(loop.stats().acknowledged()).isEqualTo(10);
        assertThat(loop.stats().sent()).isEqualTo(10);
        assertThat(loop.stats().attempts()).isEqualTo(5);
    }

    @Test
    void whileUndeliverable_failureSaysSinceWhenAndWhy_andClearsOnTheNextAcknowledgement() throws Exception {
        MemoryReadingQueue queue = new MemoryReadingQueue(100);
        queue.append(readings(1));
        List<ReportResult> script = new ArrayList<>(List.of(
                new ReportResult.Unreachable(0, "no CoAP answer", ReportResult.Cause.NO_ANSWER),
                new ReportResult.Unreachable(0, "busy", ReportResult.Cause.COLLECTOR_BUSY)));
        List<Optional<DeliveryFailure>> seen = new ArrayList<>();
        DeliveryLoop[] loop = new DeliveryLoop[1];
        Reporter reporter = new Reporter() {
            @Override
            public synchronized ReportResult report(Batch batch) {
                seen.add(loop[0].failure());
                return script.isEmpty() ? new ReportResult.Acknowledged(batch.sequence()) : script.removeFirst();
            }

            @Override
            public void close() {}
        };
        Instant before = Instant.now();
        loop[0] = new DeliveryLoop(queue, reporter, 4, Duration.ofMillis(10), Duration.ofMillis(20));
        loop[0].start();
        assertThat(loop[0].awaitDrained(Duration.ofSeconds(10))).isTrue();
        loop[0].close();

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isEmpty();
        DeliveryFailure first = seen.get(1).orElseThrow();
        DeliveryFailure second = seen.get(2).orElseThrow();
        assertThat(first.cause()).isEqualTo(ReportResult.Cause.NO_ANSWER);
        assertThat(first.since()).isAfterOrEqualTo(before);
        assertThat(second.cause()).isEqualTo(ReportResult.Cause.COLLECTOR_BUSY);
        assertThat(second.reason()).isEqualTo("busy");
        assertThat(second.since()).as("still failing since the first failure").isEqualTo(first.since());
        assertThat(loop[0].failure()).isEmpty();
        assertThat(loop[0].currentFailure()).isEmpty();
    }

    @Test
    void aTransportThatFitsFewerReadings_getsShorterBatches() throws Exception {
        MemoryReadingQueue queue = new MemoryReadingQueue(100);
        queue.append(readings(10));
        ScriptedReporter reporter = new ScriptedReporter(0) {
            @Override
            public int fittingReadings(Batch batch) {
                return Math.min(3, batch.readings().size());
            }
        };
        DeliveryLoop loop = new DeliveryLoop(queue, reporter, 8, Duration.ofMillis(10), Duration.ofMillis(20));
        loop.start();
        assertThat(loop.awaitDrained(Duration.ofSeconds(10))).isTrue();
        loop.close();

        assertThat(reporter.sent()).extracting(Batch::sequence).containsExactly(0L, 3L, 6L, 9L);
        assertThat(reporter.sent()).allMatch(b -> b.readings().size() <= 3);
    }

    @Test
    void aReportInterval_sendsTheFirstReadingAtOnce_thenHoldsTheNextOnesToGoTogether() throws Exception {
        MemoryReadingQueue queue = new MemoryReadingQueue(100);
        ScriptedReporter reporter = new ScriptedReporter(0);
        DeliveryLoop loop = new DeliveryLoop(
                queue,
                reporter,
                64,
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                UnaryOperator.identity(),
                new DeliveryLoop.Pacing(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2)));
        loop.start();
        queue.append(readings(1));
        assertThat(loop.awaitDrained(Duration.ofSeconds(10))).isTrue();
        assertThat(reporter.sent()).hasSize(1);

        // Three samples' readings queued one after another, within the interval: one message for all of them.
        for (int sample = 0; sample < 3; sample++) {
            queue.append(readings(4));
        }
        assertThat(loop.awaitDrained(Duration.ofSeconds(10))).isTrue();
        loop.close();

        assertThat(reporter.sent()).extracting(b -> b.readings().size()).containsExactly(1, 12);
        assertThat(loop.stats().acknowledged()).isEqualTo(13);
    }

    /**
     * SECURITY R28: a batch the collector refuses as a conflict (4.09) is never dropped nor acknowledged: it stays at
     * the head of the queue, the node is DEGRADED with the reason ({@code currentFailure}, what {@code status} and
     * the health series show), the reason is logged once, and it is sent again only after growing back-offs.
     */
    @Test
    void conflict_keepsTheBatchQueued_degradesWithTheReason_andBacksOffWithoutHotLooping() throws Exception {
        MemoryReadingQueue queue = new MemoryReadingQueue(100);
        queue.append(readings(3));
        List<Long> sentAt = new ArrayList<>();
        Reporter conflicting = new Reporter() {
            @Override
            public synchronized ReportResult report(Batch batch) {
                sentAt.add(System.nanoTime());
                notifyAll();
                return new ReportResult.Conflicted(batch.sequence(), "stored before with other content");
            }

            @Override
            public void close() {}
        };
        DeliveryLoop loop = new DeliveryLoop(queue, conflicting, 8, Duration.ofMillis(50), Duration.ofMillis(400));
        loop.start();
        synchronized (conflicting) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sentAt.size() < 4 && System.nanoTime() < deadline) {
                conflicting.wait(1000);
            }
        }
        loop.close();

        assertThat(sentAt).hasSizeGreaterThanOrEqualTo(4);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(loop.stats().acknowledged()).isZero();
        assertThat(loop.stats().rejected()).isZero();
        assertThat(loop.currentFailure())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("refused batch 0 (3 readings) as a conflict (4.09)", "stays queued"));
        // back-off, not a hot loop: each gap at least half the doubling step (equal jitter, R38): 25, 50, 100 ms
        for (int i = 1; i < 4; i++) {
            long gapMillis = (sentAt.get(i) - sentAt.get(i - 1)) / 1_000_000;
            assertThat(gapMillis).isGreaterThanOrEqualTo((50L << (i - 1)) / 2);
        }
    }

    @Test
    void pacing_refusesNegativeDurations() {
        assertThatThrownBy(() -> new DeliveryLoop.Pacing(Duration.ofSeconds(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
