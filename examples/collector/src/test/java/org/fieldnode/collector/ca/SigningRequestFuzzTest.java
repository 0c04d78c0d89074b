// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.fieldnode.collector.ca.SigningRequest.RequestRefused;
import org.fieldnode.security.csr.CertificateRequest;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the CA's PKCS#10 parser, the first thing a peer's {@code /sen} or {@code /sren} body meets (SECURITY R35,
 * R36): valid requests damaged as datagrams get damaged, plus random bytes, either verify as a request for the node
 * id and key they were made with, or are refused with {@link RequestRefused} whose message is one line without
 * internal detail, within a time and an allocation bound each.
 */
class SigningRequestFuzzTest {
    @Test
    void anyBody_verifiesAsTheSignedRequestOrIsRefusedInOneLine() {
        NodeId node = NodeId.random();
        KeyPair keys = NodeKeys.generate();
        byte[] valid = CertificateRequest.create(node, keys);
        byte[] other = CertificateRequest.create(NodeId.random(), NodeKeys.generate());
        int tried = FuzzRun.run(
                "collector-est-fuzz", FuzzRun.mutationsOf(List.of(valid, other)), 2000, Duration.ofSeconds(2), body -> {
                    try {
                        SigningRequest request = SigningRequest.verify(body);
                        // A damaged request that still verifies is signed, so it names one of the seeds' keys.
                        assertThat(request.publicKey().getEncoded()).isNotEmpty();
                        assertThat(request.nodeId().value()).startsWith("fieldnode-");
                    } catch (RequestRefused e) {
                        assertThat(e.getMessage())
                                .isNotBlank()
                                .doesNotContain("\n")
                                .doesNotContain("Exception")
                                .doesNotContain("org.")
                                .doesNotContain("java.");
                    }
                });
        assertThat(tried).isPositive();
    }

    @Test
    void theUndamagedSeed_verifies() throws RequestRefused {
        NodeId node = NodeId.random();
        KeyPair keys = NodeKeys.generate();
        SigningRequest request = SigningRequest.verify(CertificateRequest.create(node, keys));
        assertThat(request.nodeId()).isEqualTo(node);
        assertThat(request.publicKey()).isEqualTo(keys.getPublic());
    }
}
