// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

/** The in-memory queue keeps the {@link ReadingQueue} contract. */
class MemoryReadingQueueTest extends ReadingQueueContract {
    @Override
    protected ReadingQueue create() {
        return new MemoryReadingQueue(10_000);
    }
}
