// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.nio.file.Path;
import org.fieldnode.runtime.store.FsyncPolicy;
import org.fieldnode.runtime.store.QueueSettings;

/**
 * The profile's {@code queue:} section: how the node's durable queue uses the SD card. Checked by the loader
 * against {@link QueueSettings}' rules, so {@link #settingsIn} never fails for a loaded profile.
 *
 * @param diskBudgetBytes {@code disk-budget}, e.g. {@code 64MiB}: beyond it the oldest readings are dropped
 * @param fsync {@code fsync}: {@code per-record}, {@code per-batch} (default) or {@code interval} with {@code
 *     fsync-interval}
 * @param segmentBytes {@code segment-size}, e.g. {@code 1MiB}
 */
public record QueueConfig(long diskBudgetBytes, FsyncPolicy fsync, long segmentBytes) {
    public static QueueConfig defaults() {
        return new QueueConfig(
                QueueSettings.DEFAULT_DISK_BUDGET, FsyncPolicy.PER_BATCH, QueueSettings.DEFAULT_SEGMENT_BYTES);
    }

    /** The queue settings for a queue kept in {@code directory}. */
    public QueueSettings settingsIn(Path directory) {
        return new QueueSettings(directory, diskBudgetBytes, fsync, segmentBytes);
    }
}
