// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The durable queue keeps the {@link ReadingQueue} contract, on real files with real fsync. */
class DurableReadingQueueContractTest extends ReadingQueueContract {
    @TempDir
    Path dir;

    @Override
    protected ReadingQueue create() throws Exception {
        return DurableReadingQueue.open(QueueSettings.defaults(dir));
    }
}
