// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.runtime.pipeline.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Logger;

/**
 * A real kill -9: a child JVM appends with per-record sync and reports each durable append on stdout; it is
 * killed with SIGKILL ({@link Process#destroyForcibly()}) at random moments, during start-up and recovery as well
 * as mid-append, 20 times. Every reading it reported must then be present, in order, once, and no record may be
 * damaged beyond a counted torn tail.
 */
class KillNineTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMoments_losesNoReportedReading_andCorruptsNothing() throws Exception {
        long seed = System.nanoTime();
        Logger.info("KillNineTest seed {}", seed);
        Random random = new Random(seed);
        AtomicLong lastAppended = new AtomicLong(-1);
        AtomicLong lastAcked = new AtomicLong(0);
        List<String> problems = new CopyOnWriteArrayList<>();
        Path queueDir = dir.resolve("queue");

        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(queueDir);
            CountDownLatch firstAppend = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform()
                    .daemon()
                    .start(() -> readReports(child, lastAppended, lastAcked, firstAppend, problems));
            if (kill % 4 == 3) {
                Thread.sleep(random.nextInt(400)); // somewhere in JVM start, open and recovery
            } else {
                assertThat(firstAppend.await(60, TimeUnit.SECONDS))
                        .as("child appended")
                        .isTrue();
                Thread.sleep(random.nextInt(150));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(problems).isEmpty();
        assertThat(lastAppended.get()).as("children appended something").isGreaterThan(0);
        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(queueDir))) {
            QueueStats stats = queue.stats();
            assertThat(stats.corruptRecords()).isZero();
            assertThat(stats.tornTails()).isLessThanOrEqualTo(KILLS);
            assertThat(queue.nextSequence()).isGreaterThan(lastAppended.get());

            long expected = -1;
            Batch batch;
            while ((batch = queue.peek(500).orElse(null)) != null) {
                if (expected < 0) {
                    // The head may lag the last acknowledgement (persisted at most 1/s), never pass it by more
                    // than the one acknowledgement a kill can hide (10 readings).
                    assertThat(batch.sequence()).isLessThanOrEqualTo(lastAcked.get() + 10);
                    expected = batch.sequence();
                }
                assertThat(batch.sequence()).isEqualTo(expected);
                for (int i = 0; i < batch.readings().size(); i++) {
                    assertThat(batch.readings().get(i).value()).isEqualTo(expected + i + 0.5);
                }
                expected += batch.readings().size();
                queue.acknowledge(batch);
            }
            assertThat(expected - 1).as("last reading present").isGreaterThanOrEqualTo(lastAppended.get());
            assertThat(queue.stats().corruptRecords()).isZero();
            Logger.info(
                    "KillNineTest: {} kills, {} readings reported appended, {} torn tails cut",
                    KILLS,
                    lastAppended.get() + 1,
                    stats.tornTails());
        }
    }

    private static Process start(Path queueDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(
                        java,
                        "-Xmx32m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classPath,
                        QueueWriterProcess.class.getName(),
                        queueDir.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        queueDir.resolveSibling("child-stderr.log").toFile()))
                .start();
    }

    private static void readReports(
            Process child,
            AtomicLong lastAppended,
            AtomicLong lastAcked,
            CountDownLatch firstAppend,
            List<String> problems) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("appended ")) {
                    long sequence = Long.parseLong(line.substring(9));
                    if (sequence <= lastAppended.get()) { // a sequence reported durable is never reused
                        problems.add("appended " + sequence + " after " + lastAppended.get());
                    }
                    lastAppended.set(sequence);
                    firstAppend.countDown();
                } else if (line.startsWith("open ")) {
                    Logger.info("child opened at {}, last reported {}", line.substring(5), lastAppended.get());
                } else if (line.startsWith("acked ")) {
                    lastAcked.set(Long.parseLong(line.substring(6)));
                }
            }
        } catch (IOException e) {
            // The child was killed mid-line: what was reported before counts.
        }
    }
}
