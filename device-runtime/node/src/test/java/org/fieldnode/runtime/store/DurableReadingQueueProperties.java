// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;

/**
 * The durable queue against a model ({@link ArrayDeque} plus a head sequence): appends, peeks, acknowledgements,
 * clean reopens and simulated crashes in random order, on real files with small segments so that rotation and
 * segment deletion happen. Sequences and contents always match the model; after a crash the queue may deliver
 * again readings acknowledged in the last second, and those must be exactly the ones the model remembers.
 */
class DurableReadingQueueProperties {
    private final List<Subject> subjects = new ArrayList<>();

    @Property(tries = 40)
    void queueBehavesLikeTheModel(@ForAll("chains") ActionChain<Subject> chain) {
        chain.run();
    }

    @Provide
    Arbitrary<ActionChain<Subject>> chains() {
        return Arbitraries.of(FsyncPolicy.PER_RECORD, FsyncPolicy.PER_BATCH)
                .flatMap(policy -> ActionChain.startWith(() -> newSubject(policy))
                        .withAction(5, new Append())
                        .withAction(3, new PeekAndAcknowledge())
                        .withAction(1, Action.<Subject>just(Transformer.mutate("reopen", Subject::reopen)))
                        .withAction(1, Action.<Subject>just(Transformer.mutate("crash", Subject::crash)))
                        .withMaxTransformations(40));
    }

    private Subject newSubject(FsyncPolicy policy) {
        Subject s = new Subject(policy);
        subjects.add(s);
        return s;
    }

    @AfterTry
    void cleanUp() throws IOException {
        for (Subject s : subjects) {
            s.queue.close();
            TestReadings.deleteRecursively(s.dir);
        }
        subjects.clear();
    }

    static Arbitrary<Reading> readings() {
        Arbitrary<Double> values = Arbitraries.oneOf(
                Arbitraries.integers().between(-100_000, 100_000).map(i -> (double) i),
                Arbitraries.floats().between(-1e6f, 1e6f).map(f -> (double) f),
                Arbitraries.doubles().between(-1e9, 1e9),
                Arbitraries.of(-0.0, Double.MAX_VALUE, Double.MIN_VALUE, 1e300));
        Arbitrary<Instant> times = Combinators.combine(
                        Arbitraries.longs().between(0, 4_102_444_800_000L),
                        Arbitraries.oneOf(
                                Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999)))
                .as((millis, nanos) -> Instant.ofEpochMilli(millis).plusNanos(nanos % 1_000_000));
        return Combinators.combine(
                        Arbitraries.of("env0", "soil0", "lux0", "ü-sensor"),
                        Arbitraries.of(Channel.class),
                        values,
                        Arbitraries.longs(),
                        times)
                .as((sensor, channel, value, mono, at) -> channel.kind() == Channel.Kind.TEXT
                        ? Reading.text(sensor, channel, "ü " + value, mono, at, TimeQuality.SYNCED)
                        : new Reading(sensor, channel, value, mono, at));
    }

    /** The queue under test and its model. */
    static final class Subject {
        final Path dir;
        final QueueSettings settings;
        DurableReadingQueue queue;
        final ArrayDeque<Reading> model = new ArrayDeque<>();
        final Map<Long, Reading> history = new HashMap<>();
        long modelHead;
        long modelNext;
        long cleanHead; // the head at the last clean close: a crash never goes back further

        Subject(FsyncPolicy policy) {
            try {
                dir = Files.createTempDirectory("fieldnode-queue-model");
                settings = new QueueSettings(dir, 1 << 20, policy, QueueSettings.MIN_SEGMENT_BYTES);
                queue = DurableReadingQueue.open(settings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void append(List<Reading> readings) {
            queue.append(readings);
            for (Reading r : readings) {
                history.put(modelNext++, r);
                model.addLast(r);
            }
            assertThat(queue.nextSequence()).isEqualTo(modelNext);
            assertThat(queue.size()).isEqualTo(model.size());
        }

        void peekAndAcknowledge(int max, int acknowledged) {
            Optional<Batch> batch = queue.peek(max);
            if (model.isEmpty()) {
                assertThat(batch).isEmpty();
                return;
            }
            Batch b = batch.orElseThrow();
            List<Reading> expected = new ArrayList<>(model).subList(0, Math.min(max, model.size()));
            assertThat(b.sequence()).isEqualTo(modelHead);
            assertThat(b.readings()).isEqualTo(expected);
            int n = Math.min(acknowledged, b.readings().size());
            if (n > 0) {
                queue.acknowledge(new Batch(b.sequence(), b.readings().subList(0, n)));
                for (int i = 0; i < n; i++) {
                    model.removeFirst();
                }
                modelHead += n;
            }
            assertThat(queue.size()).isEqualTo(model.size());
        }

        void reopen() {
            queue.close();
            open();
            cleanHead = modelHead;
            assertThat(queue.nextSequence()).isEqualTo(modelNext);
            assertThat(queue.size()).isEqualTo(model.size());
        }

        void crash() {
            queue.abandon();
            open();
            assertThat(queue.nextSequence()).isEqualTo(modelNext);
            long head = queue.nextSequence() - queue.size();
            assertThat(head).isBetween(cleanHead, modelHead);
            // Readings acknowledged since the last persisted head come back, exactly as they were.
            for (long s = modelHead - 1; s >= head; s--) {
                model.addFirst(history.get(s));
            }
            modelHead = head;
        }

        private void open() {
            try {
                queue = DurableReadingQueue.open(settings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "queue(" + settings.fsync() + ", head=" + modelHead + ", next=" + modelNext + ")";
        }
    }

    /** Appends a few readings, or many (fewer under per-record sync, where each costs an fsync). */
    static final class Append implements Action.Dependent<Subject> {
        @Override
        public Arbitrary<Transformer<Subject>> transformer(Subject state) {
            int most = state.settings.fsync() instanceof FsyncPolicy.PerRecord ? 60 : 400;
            Arbitrary<List<Reading>> few = readings().list().ofMinSize(1).ofMaxSize(6);
            Arbitrary<List<Reading>> many =
                    readings().list().ofMinSize(most / 4).ofMaxSize(most);
            return Arbitraries.oneOf(few, few, many)
                    .map(rs -> Transformer.mutate("append " + rs.size(), s -> s.append(rs)));
        }
    }

    static final class PeekAndAcknowledge implements Action.Independent<Subject> {
        @Override
        public Arbitrary<Transformer<Subject>> transformer() {
            return Combinators.combine(
                            Arbitraries.integers().between(1, 300),
                            Arbitraries.integers().between(0, 300))
                    .as((max, ack) -> Transformer.mutate(
                            "peek " + max + ", acknowledge " + ack, s -> s.peekAndAcknowledge(max, ack)));
        }
    }
}
