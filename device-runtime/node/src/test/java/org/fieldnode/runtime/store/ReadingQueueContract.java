// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.runtime.store.TestReadings.readings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fieldnode.runtime.pipeline.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReadingQueue} promises; each implementation runs it through a subclass. */
abstract class ReadingQueueContract {
    protected ReadingQueue queue;

    /** A new, empty queue that holds at least 1,000 readings. */
    protected abstract ReadingQueue create() throws Exception;

    @BeforeEach
    void createQueue() throws Exception {
        queue = create();
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Test
    void newQueue_isEmpty() throws Exception {
        assertThat(queue.size()).isZero();
        assertThat(queue.peek(10)).isEmpty();
        assertThat(queue.dropped()).isZero();
        assertThat(queue.awaitReadings(Duration.ZERO)).isFalse();
    }

    @Test
    void append_numbersReadingsConsecutively() {
        long first = queue.nextSequence();
        queue.append(readings(0, 3));
        queue.append(readings(3, 2));

        assertThat(queue.nextSequence()).isEqualTo(first + 5);
        assertThat(queue.size()).isEqualTo(5);
        assertThat(queue.peek(10)).contains(new Batch(first, readings(0, 5)));
    }

    @Test
    void appendNothing_changesNothing() {
        long first = queue.nextSequence();
        queue.append(List.of());

        assertThat(queue.nextSequence()).isEqualTo(first);
        assertThat(queue.peek(1)).isEmpty();
    }

    @Test
    void peek_isBoundedAndRemovesNothing() {
        long first = queue.nextSequence();
        queue.append(readings(0, 10));

        assertThat(queue.peek(4)).contains(new Batch(first, readings(0, 4)));
        assertThat(queue.peek(4)).contains(new Batch(first, readings(0, 4)));
        assertThat(queue.size()).isEqualTo(10);
    }

    @Test
    void acknowledge_removesTheBatchAndKeepsLaterReadings() {
        long first = queue.nextSequence();
        queue.append(readings(0, 4));
        Batch batch = queue.peek(10).orElseThrow();
        queue.append(readings(4, 2));

        queue.acknowledge(batch);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.peek(10)).contains(new Batch(first + 4, readings(4, 2)));
    }

    @Test
    void acknowledge_twice_isHarmless() {
        queue.append(readings(0, 4));
        Batch batch = queue.peek(2).orElseThrow();
        queue.acknowledge(batch);
        queue.acknowledge(batch);

        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void acknowledge_ofReadingsNeverQueued_isRefused() {
        long first = queue.nextSequence();
        queue.append(readings(0, 2));

        assertThatThrownBy(() -> queue.acknowledge(new Batch(first, readings(0, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never queued");
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void readingsLeaveInOrder_acrossManyBatches() {
        long first = queue.nextSequence();
        queue.append(readings(0, 500));
        long expected = first;
        int received = 0;
        while (queue.peek(7).orElse(null) instanceof Batch batch) {
            assertThat(batch.sequence()).isEqualTo(expected);
            assertThat(batch.readings())
                    .isEqualTo(readings(received, batch.readings().size()));
            expected += batch.readings().size();
            received += batch.readings().size();
            queue.acknowledge(batch);
        }
        assertThat(received).isEqualTo(500);
        assertThat(queue.size()).isZero();
    }

    @Test
    void awaitReadings_wakesWhenAnotherThreadAppends() throws Exception {
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.awaitReadings(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.append(readings(0, 1));

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void awaitReadings_timesOutWhenNothingComes() throws Exception {
        assertThat(queue.awaitReadings(Duration.ofMillis(20))).isFalse();
    }
}
