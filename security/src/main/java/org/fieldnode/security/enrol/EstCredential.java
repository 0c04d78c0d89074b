// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.util.Objects;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.psk.PskCredential;

/**
 * How the DTLS session that carries an EST request is authenticated: the one-time bootstrap PSK
 * ({@code TLS_PSK_WITH_AES_128_CCM_8}, RFC 7925 §4.2) or the node's current certificate
 * ({@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8}, RFC 7925 §4.4). Never plain CoAP (SECURITY R4, R13).
 */
public sealed interface EstCredential {
    /** The bootstrap session, used for the first {@code /crts} and {@code /sen}. */
    record Bootstrap(PskCredential psk) implements EstCredential {
        public Bootstrap {
            Objects.requireNonNull(psk, "psk");
        }
    }

    /** A session with the current, still valid certificate, used for {@code /sren} (R6). */
    record Enrolled(DeviceIdentity identity) implements EstCredential {
        public Enrolled {
            Objects.requireNonNull(identity, "identity");
        }
    }
}
