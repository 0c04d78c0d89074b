// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of one {@link DurableReadingQueue}, always taken in this order and never the reverse:
 *
 * <ol>
 *   <li>{@link #append}: one writer at the log's tail at a time: an append, a flush, the background sync of the
 *       interval policy, close. It is held across segment fsyncs, so that the last segment and the next sequence
 *       stay as they are while an fsync runs without {@link #shared}. It guards the {@link Appender}'s rollback
 *       point and pending sync.
 *   <li>{@link #shared}: what the write side and delivery share: the {@link SegmentLog}, the
 *       {@link DeliveryCursor}, and the appender's sequences, count and closed flag. Held for memory work and
 *       page-cache reads and writes; across an fsync only where order demands it (a drop persists the metadata
 *       before it deletes the segment) and at open and close. So delivery and status do not wait for an append's
 *       fsync, nor appends for an acknowledgement's metadata write. {@link #readable} is its condition, signalled
 *       when readings become deliverable or the queue closes.
 *   <li>the {@link MetadataWriter}'s own: the metadata file. Never held while taking the others.
 * </ol>
 *
 * The appender's next and synced sequences are written holding both locks, so the appender reads them holding
 * {@link #append} alone.
 */
final class QueueLocks {
    final ReentrantLock append = new ReentrantLock();
    final ReentrantLock shared = new ReentrantLock();
    final Condition readable = shared.newCondition();
}
