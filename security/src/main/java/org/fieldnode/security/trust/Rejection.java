// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

/**
 * Why a certificate or CA set was refused (SECURITY R5, R7, R15, R16, R17, R20). Each value has a fixed, loggable
 * code and the TLS alert that ends a handshake refused for it ({@link #tlsAlert()}), so that the node's and the
 * collector's DTLS adapters answer alike.
 */
public enum Rejection {
    /** The CA set from {@code /crts} holds no CA certificate with the pinned fingerprint. */
    CA_NOT_PINNED("ca-not-pinned", Alert.BAD_CERTIFICATE),
    /** The chain does not end at a current trust anchor (rogue or self-signed). */
    UNTRUSTED_ISSUER("untrusted-issuer", Alert.UNKNOWN_CA),
    /** The node certificate certifies another public key than the node's. */
    WRONG_KEY("wrong-key", Alert.BAD_CERTIFICATE),
    /** The subject is not {@code CN=<node id>}. */
    WRONG_SUBJECT("wrong-subject", Alert.BAD_CERTIFICATE),
    /** The extended key usage lacks clientAuth (node) or serverAuth (server), or digitalSignature is missing. */
    WRONG_KEY_USAGE("wrong-key-usage", Alert.BAD_CERTIFICATE),
    /** The server certificate names neither the host nor the address the node connected to. */
    NAME_MISMATCH("name-mismatch", Alert.BAD_CERTIFICATE),
    /** Past notAfter. */
    EXPIRED("expired", Alert.CERTIFICATE_EXPIRED),
    /** Before notBefore. */
    NOT_YET_VALID("not-yet-valid", Alert.CERTIFICATE_EXPIRED),
    /**
     * The collector does not let this certificate in: its node is revoked or not enrolled there (R17), or it was
     * superseded by a renewal (R20).
     */
    REVOKED("revoked", Alert.CERTIFICATE_REVOKED),
    /** Not parseable, empty or otherwise unusable. */
    MALFORMED("malformed", Alert.BAD_CERTIFICATE);

    /** The certificate alerts of RFC 5246 §7.2.2 (the same in DTLS 1.2, RFC 6347 §4.1). */
    private enum Alert {
        BAD_CERTIFICATE(42),
        CERTIFICATE_REVOKED(44),
        CERTIFICATE_EXPIRED(45),
        UNKNOWN_CA(48);

        private final int code;

        Alert(int code) {
            this.code = code;
        }
    }

    private final String code;
    private final Alert alert;

    Rejection(String code, Alert alert) {
        this.code = code;
        this.alert = alert;
    }

    /** A short, stable, lower-case code for logs and events. */
    public String code() {
        return code;
    }

    /**
     * The fatal TLS alert (its AlertDescription number, RFC 5246 §7.2.2) a handshake refused for this reason ends
     * with: certificate_expired for a certificate outside its validity, unknown_ca for an untrusted issuer,
     * certificate_revoked for one the collector does not let in, bad_certificate otherwise.
     */
    public int tlsAlert() {
        return alert.code;
    }
}
