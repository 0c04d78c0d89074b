// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.Optional;
import org.fieldnode.security.psk.PskCredential;

/**
 * The collector's list of nodes it accepts, by PSK identity. A node whose identity is absent cannot complete the
 * DTLS handshake. Called on DTLS threads: implementations must be thread-safe and should answer quickly.
 */
@FunctionalInterface
public interface PskDirectory {
    /** The credential registered for {@code identity}, or empty when the node is unknown (or revoked). */
    Optional<PskCredential> lookup(String identity);
}
