// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;

/**
 * Where a node fetches releases from: the collector over the node's CoAPS session ({@code report.coap}), or files
 * in tests. Transport-neutral, so the update logic never sees CoAP.
 */
public interface ReleaseSource {
    /** One block of a payload: its bytes, and whether more follow (RFC 7959 §2.2, the M bit of Block2). */
    record Block(byte[] data, boolean more) {}

    /** The bytes of a payload block: all but the last have exactly this many (RFC 7959 SZX 6: 1024). */
    int blockSize();

    /** The signed manifest of release {@code sequence}. */
    byte[] manifest(long sequence) throws IOException;

    /** Block {@code number} of the payload of release {@code sequence}. */
    Block payload(long sequence, long number) throws IOException;
}
