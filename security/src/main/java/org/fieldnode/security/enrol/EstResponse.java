// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.time.Duration;
import java.util.Objects;
import org.fieldnode.security.event.PeerText;

/** What the EST server answered, as the transport reports it (RFC 9148 §5). */
public sealed interface EstResponse {
    /** 2.05 Content / 2.04 Changed with a payload in {@code contentFormat}. */
    record Content(int contentFormat, byte[] payload) implements EstResponse {
        public Content {
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public String toString() {
            return "Content[format=" + contentFormat + ", " + payload.length + " bytes]";
        }
    }

    /**
     * 5.03 Service Unavailable with a Max-Age option: try again after at least {@code retryAfter} (RFC 9148 §5.7,
     * RFC 7252 §5.10.5).
     */
    record TryLater(Duration retryAfter) implements EstResponse {
        public TryLater {
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("Max-Age cannot be negative: " + retryAfter);
            }
        }
    }

    /**
     * Any other error response, e.g. 4.01 for a used or revoked credential, 4.00 for a refused CSR.
     *
     * @param code the CoAP code as text, e.g. "4.03"
     * @param diagnostic the peer's diagnostic payload; neutralised here because a peer wrote it (R29)
     */
    record Refused(String code, String diagnostic) implements EstResponse {
        public Refused {
            code = PeerText.neutralise(code);
            diagnostic = PeerText.neutralise(diagnostic);
        }
    }
}
