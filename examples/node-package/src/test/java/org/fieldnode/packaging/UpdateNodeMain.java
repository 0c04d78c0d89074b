// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.protocol.update.UpdateRefusedException;
import org.fieldnode.runtime.update.ReleaseSource;
import org.fieldnode.runtime.update.Slots;
import org.fieldnode.runtime.update.UpdateAgent;
import org.fieldnode.runtime.update.UpdateKeyFiles;

/**
 * The update side of a node start, as its own process for {@link UpdateKillLoopIT}: the agent starts (a trial
 * passes its health check at once), then fetches release SEQUENCE from a release file, block by block with a pause
 * per block, installs it and exits as for a restart. Arguments: DATA SLOTS PACKAGE RELEASE-FILE KEY.pub SEQUENCE
 * BLOCK-PAUSE-MICROS.
 */
public final class UpdateNodeMain {
    private UpdateNodeMain() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Slots slots = new Slots(Path.of(args[1]), Path.of(args[2]));
        Path release = Path.of(args[3]);
        long sequence = Long.parseLong(args[5]);
        long pauseMicros = Long.parseLong(args[6]);
        try (UpdateAgent agent = new UpdateAgent(
                data,
                slots,
                UpdateKeyFiles.readPublic(Path.of(args[4])),
                event -> {},
                "fieldnode-kill-loop",
                () -> {},
                Duration.ofMinutes(5),
                () -> Long.MAX_VALUE / 2,
                UpdateAgent.DEFAULT_RESERVE_BYTES,
                Clock.systemUTC())) {
            agent.source(new Source(release, pauseMicros));
            if (agent.startup()) {
                for (UpdateAgent.Health h : UpdateAgent.Health.values()) {
                    agent.healthy(h);
                }
            }
            agent.drain();
            agent.assigned(sequence);
            agent.drain();
        }
    }

    /** A release file served in 1024-byte blocks. */
    private static final class Source implements ReleaseSource {
        private final byte[] manifest;
        private final byte[] payload;
        private final long pauseMicros;

        Source(Path file, long pauseMicros) throws IOException, UpdateRefusedException {
            try (InputStream in = Files.newInputStream(file)) {
                manifest = ReleaseFile.readHeader(in);
                payload = in.readAllBytes();
            }
            this.pauseMicros = pauseMicros;
        }

        @Override
        public int blockSize() {
            return 1024;
        }

        @Override
        public byte[] manifest(long sequence) {
            return manifest;
        }

        @Override
        public Block payload(long sequence, long number) throws IOException {
            try {
                Thread.sleep(Duration.ofNanos(pauseMicros * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            int from = (int) Math.min(payload.length, number * 1024);
            int to = Math.min(payload.length, from + 1024);
            return new Block(Arrays.copyOfRange(payload, from, to), to < payload.length);
        }
    }
}
