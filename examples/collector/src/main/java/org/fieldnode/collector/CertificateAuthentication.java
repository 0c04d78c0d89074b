// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;

/**
 * What the collector needs to accept nodes that authenticate with X.509 certificates
 * ({@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8}, mutual, SECURITY R14–R17): its own key and chain, a verifier for
 * client chains, and the rule that names the device behind a verified certificate. Implemented by the enrolment
 * package ({@code collector.est}); {@link CollectorServer} only wires it into Scandium.
 */
public interface CertificateAuthentication {
    /** The collector's DTLS private key. */
    PrivateKey serverKey();

    /** The collector's chain, its certificate first (serverAuth, a subjectAltName per name nodes use). */
    List<X509Certificate> serverChain();

    /** Checks every client chain during the handshake; must refuse revoked or foreign certificates. */
    NewAdvancedCertificateVerifier clientVerifier();

    /**
     * The device a verified client certificate stands for — its node id, from the certificate, never from a
     * payload (R16) — or empty when it may not report now (revoked since the handshake, R17).
     */
    Optional<String> device(X509Certificate client);

    /**
     * Told once, when the server is built: the PSK nodes it accepts, which share one identity namespace with the
     * certificate nodes (SECURITY R8), and how to end the DTLS sessions of a certificate that a renewal superseded
     * (R20).
     */
    default void attach(PskDirectory pskNodes, SupersededSessions sessions) {}

    /** Ends the sessions of superseded certificates. */
    @FunctionalInterface
    interface SupersededSessions {
        /**
         * Ends, soon, every DTLS session of a certificate of {@code nodeId} whose serial is not {@code current}: at
         * once when the node first connects with its current certificate, at the latest once the node could no
         * longer be retransmitting the request that renewed it (so that a lost answer is answered again from the
         * CoAP deduplicator on the old session, RFC 7252 §4.5). Until then those sessions can do nothing: every
         * request on them is refused.
         */
        void supersede(String nodeId, BigInteger current);
    }
}
