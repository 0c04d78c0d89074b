// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fieldnode.runtime.pipeline.Batch;

/**
 * The child process of {@link KillNineTest}: appends readings forever with per-record sync and prints
 * {@code appended <sequence>} after each append returns (so the reading is durable) and {@code acked <end>} after
 * each acknowledgement, until it is killed. Reading {@code s} carries the value {@code s + 0.5}.
 */
public final class QueueWriterProcess {
    private QueueWriterProcess() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        QueueSettings settings = new QueueSettings(Path.of(args[0]), 64L << 20, FsyncPolicy.PER_RECORD, 1 << 20);
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings)) {
            out.println("open " + queue.nextSequence());
            out.flush();
            for (long n = 1; ; n++) {
                long sequence = queue.nextSequence();
                queue.append(List.of(TestReadings.reading(sequence)));
                out.println("appended " + sequence);
                out.flush();
                if (n % 25 == 0) {
                    Batch batch = queue.peek(10).orElseThrow();
                    queue.acknowledge(batch);
                    out.println("acked " + (batch.sequence() + batch.readings().size()));
                    out.flush();
                }
            }
        }
    }
}
