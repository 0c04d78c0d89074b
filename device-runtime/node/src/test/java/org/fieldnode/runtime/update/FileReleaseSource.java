// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.protocol.update.UpdateRefusedException;

/** Releases from real release files, as the collector would serve them; can fail after some blocks (an outage). */
final class FileReleaseSource implements ReleaseSource {
    private final Map<Long, byte[]> manifests = new HashMap<>();
    private final Map<Long, byte[]> payloads = new HashMap<>();
    final AtomicLong blocksServed = new AtomicLong();
    final AtomicLong bytesServed = new AtomicLong();
    volatile long failAfterBlocks = Long.MAX_VALUE;

    void publish(long sequence, Path releaseFile) throws IOException, UpdateRefusedException {
        try (InputStream in = Files.newInputStream(releaseFile)) {
            manifests.put(sequence, ReleaseFile.readHeader(in));
            payloads.put(sequence, in.readAllBytes());
        }
    }

    void replacePayload(long sequence, byte[] payload) {
        payloads.put(sequence, payload);
    }

    byte[] payloadOf(long sequence) {
        return payloads.get(sequence);
    }

    @Override
    public int blockSize() {
        return 1024;
    }

    @Override
    public byte[] manifest(long sequence) throws IOException {
        byte[] m = manifests.get(sequence);
        if (m == null) {
            throw new IOException("4.04 no release " + sequence);
        }
        return m;
    }

    @Override
    public Block payload(long sequence, long number) throws IOException {
        if (blocksServed.get() >= failAfterBlocks) {
            throw new IOException("collector away");
        }
        byte[] p = payloads.get(sequence);
        int from = (int) Math.min(p.length, number * blockSize());
        int to = Math.min(p.length, from + blockSize());
        blocksServed.incrementAndGet();
        bytesServed.addAndGet(to - from);
        return new Block(Arrays.copyOfRange(p, from, to), to < p.length);
    }
}
