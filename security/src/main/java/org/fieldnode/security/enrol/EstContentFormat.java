// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

/**
 * EST-coaps resources and CoAP content formats (RFC 9148 §5.1 Table 1, §8.3 registrations). The runtime's CoAP
 * transport uses these when it implements {@link EstTransport}.
 */
public final class EstContentFormat {
    /** application/pkcs7-mime; smime-type=certs-only — the CA set from {@code /crts} (RFC 9148 §5.3). */
    public static final int PKCS7_CERTS_ONLY = 281;

    /** application/pkcs10 — the request body of {@code /sen} and {@code /sren}. */
    public static final int PKCS10 = 286;

    /** application/pkix-cert — one DER certificate, the response of {@code /sen} and {@code /sren}. */
    public static final int PKIX_CERT = 287;

    /** GET: the current CA certificates. */
    public static final String PATH_CRTS = "/.well-known/est/crts";

    /** POST: simple enrolment with a CSR. */
    public static final String PATH_SEN = "/.well-known/est/sen";

    /** POST: simple re-enrolment, over a session authenticated with the current certificate. */
    public static final String PATH_SREN = "/.well-known/est/sren";

    /** Largest EST payload the node accepts (SECURITY R35); block-wise transfer (RFC 7959) carries it. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    private EstContentFormat() {}
}
