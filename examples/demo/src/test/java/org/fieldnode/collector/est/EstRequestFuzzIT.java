// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.fieldnode.collector.RawDtlsClient;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.csr.CertificateRequest;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the running collector's EST-coaps resources over real DTLS on loopback, from a bootstrap session of an
 * issued bundle (SECURITY R35, R36, RFC 9148): damaged and random CSR bodies to {@code /sen} and {@code /sren}, with
 * right and wrong content formats and Accept options, and random paths under {@code /.well-known/est}. Every request
 * is answered; an error carries one line without internal detail; nothing is enrolled by a body that is not a valid
 * request; and the bundle still enrols with a valid CSR afterwards.
 */
class EstRequestFuzzIT {
    @TempDir
    Path dir;

    private EnrolmentLoopback loopback;
    private PskCredential bundleKey;

    /** One EST request as the fuzzer builds it. */
    record EstRequest(Code method, String path, int contentFormat, byte[] body) {
        @Override
        public String toString() {
            return method + " " + path + " cf=" + contentFormat + " body="
                    + java.util.HexFormat.of().formatHex(body);
        }
    }

    @BeforeEach
    void start() throws Exception {
        loopback = new EnrolmentLoopback(dir);
        Path bundle = loopback.issueBundle("fuzz-07", dir.resolve("bundle.txt"));
        bundleKey = BundleFormat.parse(bundle.toString(), Files.readAllBytes(bundle))
                .enrolmentCredential()
                .orElseThrow();
    }

    @AfterEach
    void stop() {
        loopback.close();
    }

    @Test
    void anyEstRequest_isAnsweredInOneLine_andEnrolsNothingUntilAValidCsr() throws Exception {
        NodeId node = NodeId.random();
        byte[] valid = CertificateRequest.create(node, NodeKeys.generate());
        try (RawDtlsClient client = new RawDtlsClient(loopback.collector.address(), bundleKey)) {
            Arbitrary<EstRequest> requests = Combinators.combine(
                            Arbitraries.of(Code.POST, Code.POST, Code.POST, Code.GET, Code.PUT),
                            Arbitraries.oneOf(
                                    Arbitraries.of(
                                            ".well-known/est/sen",
                                            ".well-known/est/sren",
                                            ".well-known/est/crts",
                                            ".well-known/est/skg",
                                            ".well-known/est",
                                            ".well-known/est/sen?x=1"),
                                    Arbitraries.strings().ofMaxLength(24).map(s -> ".well-known/est/" + s)),
                            Arbitraries.of(EstContentFormat.PKCS10, EstContentFormat.PKCS10, -1, 0, 60, 287),
                            FuzzRun.mutationsOf(List.of(valid)))
                    .as((method, path, format, body) ->
                            new EstRequest(method, path, format, method == Code.GET ? new byte[0] : body));
            int tried = FuzzRun.run("collector-est-fuzz", requests, 400, Duration.ofSeconds(15), request -> {
                Response response =
                        client.send(request.method(), request.path(), request.contentFormat(), request.body());
                if (response.isSuccess()) {
                    // Only a CA fetch succeeds from a bootstrap session, or an enrolment with a body that verifies.
                    boolean caFetch =
                            request.method() == Code.GET && request.path().equals(".well-known/est/crts");
                    assertThat(caFetch || response.getCode() == ResponseCode.CHANGED)
                            .as("%s answered %s", request, response.getCode())
                            .isTrue();
                } else {
                    assertThat(response.getPayloadString())
                            .doesNotContain("Exception")
                            .doesNotContain("org.")
                            .doesNotContain("java.")
                            .doesNotContain("\tat ")
                            .doesNotContain("\n");
                }
            });
            assertThat(tried).isPositive();

            // A mutation can leave a request valid (a flipped bit in a part the parser ignores would not verify,
            // but a seed repeated whole does): enrolment happened only if the bundle is now used.
            boolean enrolledByFuzz = !loopback.enrolment.registry().nodes().isEmpty();
            Response last = client.send(Code.POST, ".well-known/est/sen", EstContentFormat.PKCS10, valid);
            if (enrolledByFuzz) {
                assertThat(last.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
            } else {
                assertThat(last.getCode()).isEqualTo(ResponseCode.CHANGED);
            }
            assertThat(loopback.enrolment.registry().nodes())
                    .singleElement()
                    .satisfies(n -> assertThat(n.toString()).contains(node.value()));
        }
    }
}
