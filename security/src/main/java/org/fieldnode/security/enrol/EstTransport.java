// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.io.IOException;

/**
 * The port through which {@link Enrolment} talks EST-coaps (RFC 9148). The runtime's CoAP code implements it over
 * Scandium DTLS 1.2 with block-wise transfer (RFC 7959); the security module never sees a socket.
 *
 * <p>Each call opens (or reuses) a DTLS session authenticated with the given {@link EstCredential} to the
 * collector named in the provisioning bundle, never plain CoAP. {@code IOException} means no answer (timeout,
 * handshake failure); an answer — success or error — is an {@link EstResponse}.
 */
public interface EstTransport {
    /**
     * {@code GET /.well-known/est/crts} with Accept {@value EstContentFormat#PKCS7_CERTS_ONLY}.
     *
     * @return {@link EstResponse.Content} in format 281 on success
     */
    EstResponse caCertificates(EstCredential credential) throws IOException;

    /**
     * {@code POST /.well-known/est/sen}, body a DER PKCS#10 in format {@value EstContentFormat#PKCS10}, Accept
     * {@value EstContentFormat#PKIX_CERT}, over the bootstrap PSK session.
     *
     * @return the issued certificate in format 287 (or 281) on success
     */
    EstResponse simpleEnrol(byte[] csr, EstCredential.Bootstrap credential) throws IOException;

    /**
     * {@code POST /.well-known/est/sren}, like {@link #simpleEnrol} but over a session authenticated with the
     * current, still valid certificate (SECURITY R6).
     */
    EstResponse simpleReEnrol(byte[] csr, EstCredential.Enrolled credential) throws IOException;
}
