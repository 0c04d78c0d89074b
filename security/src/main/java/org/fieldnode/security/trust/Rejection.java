// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

/** Why a certificate or CA set was refused (SECURITY R5, R7, R15). Each value has a fixed, loggable code. */
public enum Rejection {
    /** The CA set from {@code /crts} holds no CA certificate with the pinned fingerprint. */
    CA_NOT_PINNED("ca-not-pinned"),
    /** The chain does not end at a current trust anchor (rogue or self-signed). */
    UNTRUSTED_ISSUER("untrusted-issuer"),
    /** The node certificate certifies another public key than the node's. */
    WRONG_KEY("wrong-key"),
    /** The subject is not {@code CN=<node id>}. */
    WRONG_SUBJECT("wrong-subject"),
    /** The extended key usage lacks clientAuth (node) or serverAuth (server), or digitalSignature is missing. */
    WRONG_KEY_USAGE("wrong-key-usage"),
    /** The server certificate names neither the host nor the address the node connected to. */
    NAME_MISMATCH("name-mismatch"),
    /** Past notAfter. */
    EXPIRED("expired"),
    /** Before notBefore. */
    NOT_YET_VALID("not-yet-valid"),
    /** Not parseable, empty or otherwise unusable. */
    MALFORMED("malformed");

    private final String code;

    Rejection(String code) {
        this.code = code;
    }

    /** A short, stable, lower-case code for logs and events. */
    public String code() {
        return code;
    }
}
