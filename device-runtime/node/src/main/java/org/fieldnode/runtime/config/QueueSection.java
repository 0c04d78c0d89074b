// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldnode.runtime.store.FsyncPolicy;
import org.fieldnode.runtime.store.QueueSettings;

/**
 * The profile's {@code queue:} section: how the durable queue uses the SD card. The sizes' rules are the queue's own
 * ({@link QueueSettings}), checked here so that a loaded profile always opens.
 */
final class QueueSection {
    /**
     * A reading costs at most 24 bytes of record (BytesPerReadingTest), so the default holds months of a kit's
     * readings through an outage and still fits the smallest SD card a node ships with.
     */
    static final ProfileKey.Size DISK_BUDGET = new ProfileKey.Size(
            "disk-budget",
            QueueSettings.DEFAULT_DISK_BUDGET,
            "at least twice segment-size",
            "the most the queue keeps on disk; beyond it the oldest readings are dropped (and counted)");
    /** The store's {@link FsyncPolicy} choices; {@code interval} trades a bounded loss for fewer SD-card writes. */
    static final ProfileKey.Choice FSYNC = new ProfileKey.Choice(
            "fsync",
            List.of("per-record", "per-batch", "interval"),
            "per-batch",
            "when appends reach the SD card: per-batch bounds a power cut's loss to one sampling round at little"
                    + " wear");

    static final ProfileKey.Span FSYNC_INTERVAL = new ProfileKey.Span(
            "fsync-interval",
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            null,
            "with fsync: interval, the longest between two syncs (required then), e.g. 60s");
    static final ProfileKey.Size SEGMENT_SIZE = new ProfileKey.Size(
            "segment-size",
            QueueSettings.DEFAULT_SEGMENT_BYTES,
            ByteSizes.format(QueueSettings.MIN_SEGMENT_BYTES) + ".."
                    + ByteSizes.format(QueueSettings.MAX_SEGMENT_BYTES),
            "the size of one queue file; acknowledged readings leave the disk a whole segment at a time");

    static final ProfileSection SCHEMA = new ProfileSection(
            "queue",
            "How the node's durable queue uses the SD card.",
            List.of(DISK_BUDGET, FSYNC, FSYNC_INTERVAL, SEGMENT_SIZE));

    private QueueSection() {}

    /** The section; its defaults when it is not a mapping (reported). */
    static QueueConfig read(YamlReader reader, YamlMap top) {
        YamlMap q = SCHEMA.open(reader, top.node(ProfileSchema.QUEUE.name()));
        QueueConfig defaults = QueueConfig.defaults();
        if (q == null) {
            return defaults;
        }
        long budget = DISK_BUDGET.read(q);
        long segment = SEGMENT_SIZE.read(q);
        String fsync = FSYNC.read(q);
        FsyncPolicy policy = defaults.fsync();
        switch (fsync) {
            case "per-record" -> policy = FsyncPolicy.PER_RECORD;
            case "per-batch" -> policy = FsyncPolicy.PER_BATCH;
            case "interval" -> {
                Duration every = FSYNC_INTERVAL.read(q);
                if (every == null) {
                    q.problem(FSYNC_INTERVAL.name(), "missing; fsync: interval needs fsync-interval, e.g. 60s");
                } else {
                    policy = FsyncPolicy.interval(every);
                }
            }
            default -> {
                // reported by FSYNC.read
            }
        }
        try {
            QueueConfig config = new QueueConfig(budget, policy, segment);
            config.settingsIn(Path.of("queue"));
            return config;
        } catch (IllegalArgumentException e) {
            // QueueSettings names the key: "queue.disk-budget: must be at least twice queue.segment-size ..."
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String key = colon > 0 ? message.substring("queue.".length(), colon) : "";
            q.problem(key, colon > 0 ? message.substring(colon + 2) : message);
            return defaults;
        }
    }
}
