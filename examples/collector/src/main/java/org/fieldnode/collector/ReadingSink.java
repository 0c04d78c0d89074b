// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;

/** Takes stored readings one at a time from {@link ReadingStore#scan}, e.g. to write them out as they come. */
@FunctionalInterface
public interface ReadingSink {
    void accept(StoredReading reading) throws IOException;
}
