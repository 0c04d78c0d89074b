// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

/**
 * Why a node refuses a release (SECURITY R24). Each has a fixed short code that the node reports ({@code uw=}) and
 * writes into its security event; a refused release changes nothing on the node.
 */
public enum Refusal {
    /** The manifest is not a COSE_Sign1 of a manifest this contract can read (RFC 9052 §4.2). */
    MALFORMED("malformed-manifest"),
    /** The ES256 signature does not verify with the key the manifest names. */
    BAD_SIGNATURE("bad-signature"),
    /** The manifest names a key the node never trusted. */
    UNKNOWN_KEY("unknown-key"),
    /** The manifest is signed with a key a rotation has replaced. */
    SUPERSEDED_KEY("superseded-key"),
    /** The release is for another product. */
    OTHER_PRODUCT("other-product"),
    /** The sequence is not higher than the one installed (anti-rollback, RFC 9019 §3). */
    SEQUENCE_NOT_HIGHER("sequence-not-higher"),
    /** A delta whose base sequence is not the installed release. */
    BASE_NOT_INSTALLED("base-not-installed"),
    /** The payload has the announced size but another SHA-256. */
    DIGEST_MISMATCH("digest-mismatch"),
    /** The payload is shorter than announced. */
    TRUNCATED("truncated-payload"),
    /** The payload is longer than announced, or the announced size is above the node's limit. */
    OVERSIZED("oversized-payload"),
    /** The payload verified but is not a release archive the node can unpack. */
    BAD_PAYLOAD("bad-payload");

    private final String code;

    Refusal(String code) {
        this.code = code;
    }

    /** The short code, e.g. {@code bad-signature}. */
    public String code() {
        return code;
    }
}
