// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.util.Objects;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.trust.TrustAnchors;

/**
 * How the node authenticates its DTLS 1.2 sessions to the collector (SECURITY R14–R16), and so which one cipher
 * suite its client offers:
 *
 * <ul>
 *   <li>{@link Psk}: a pre-shared key, {@code TLS_PSK_WITH_AES_128_CCM_8} (RFC 7925 §4.2). The one-time enrolment
 *       credential of a provisioning bundle, or a development key from a PSK file.
 *   <li>{@link Certificate}: the enrolled X.509 identity, {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} on secp256r1
 *       with mutual authentication (RFC 7925 §4.4); the collector's chain is checked with {@link
 *       org.fieldnode.security.trust.ServerCertificateCheck} against the pinned anchors and {@code serverName}.
 * </ul>
 *
 * {@link #toString()} never shows a secret (R11).
 */
public sealed interface DtlsCredentials {
    /** What the node authenticates as, for operator messages: the PSK identity or the certificate subject. */
    String describe();

    /** The pre-shared key mode. */
    record Psk(PskCredential psk) implements DtlsCredentials {
        public Psk {
            Objects.requireNonNull(psk, "psk");
        }

        @Override
        public String describe() {
            return "pre-shared key (identity '" + psk.identity() + "')";
        }
    }

    /**
     * The certificate mode.
     *
     * @param identity the enrolled key and certificate chain (leaf first)
     * @param anchors the pinned CA the collector's chain must end at
     * @param serverName the host name or address literal the collector's certificate must name (the collector
     *     URI's host; RFC 6125 rules, see {@code ServerCertificateCheck})
     */
    record Certificate(DeviceIdentity identity, TrustAnchors anchors, String serverName) implements DtlsCredentials {
        public Certificate {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(anchors, "anchors");
            Objects.requireNonNull(serverName, "serverName");
            if (serverName.isBlank()) {
                throw new IllegalArgumentException("serverName must name the collector's host");
            }
        }

        @Override
        public String describe() {
            return "certificate (subject '"
                    + identity.certificate().getSubjectX500Principal().getName() + "')";
        }
    }
}
