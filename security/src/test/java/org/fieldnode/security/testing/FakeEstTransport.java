// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.testing;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.enrol.EstCredential;
import org.fieldnode.security.enrol.EstResponse;
import org.fieldnode.security.enrol.EstTransport;

/**
 * An in-memory EST server over a real {@link TestCa}. By default it answers like an honest collector: {@code
 * /crts} with the CA, {@code /sen} and {@code /sren} with a 90-day clientAuth certificate issued from the CSR at the
 * fake clock's time. Tests queue other answers (wrong CA, expired, wrong key, 5.03, errors) with {@link #nextIssue}
 * and {@link #nextCrts}.
 */
public final class FakeEstTransport implements EstTransport {
    /** One scripted answer to a CSR. */
    @FunctionalInterface
    public interface Issuer {
        EstResponse answer(byte[] csr) throws IOException;
    }

    /** What the node asked, for assertions. */
    public record Call(String path, EstCredential credential, byte[] body) {}

    private final TestCa ca;
    private final FakeClock clock;
    private final Deque<Issuer> issues = new ArrayDeque<>();
    private final Deque<EstResponse> crts = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private Duration lifetime = Duration.ofDays(90);

    public FakeEstTransport(TestCa ca, FakeClock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    public void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public void nextIssue(Issuer issuer) {
        issues.add(issuer);
    }

    public void nextCrts(EstResponse response) {
        crts.add(response);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The honest answer to a CSR. */
    public EstResponse honest(byte[] csr) {
        return pkix(ca.issueFromCsr(csr, clock.instant(), lifetime));
    }

    public static EstResponse pkix(X509Certificate certificate) {
        try {
            return new EstResponse.Content(EstContentFormat.PKIX_CERT, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public EstResponse caCertificates(EstCredential credential) {
        calls.add(new Call(EstContentFormat.PATH_CRTS, credential, new byte[0]));
        EstResponse scripted = crts.poll();
        return scripted != null ? scripted : new EstResponse.Content(EstContentFormat.PKCS7_CERTS_ONLY, ca.certsOnly());
    }

    @Override
    public EstResponse simpleEnrol(byte[] csr, EstCredential.Bootstrap credential) throws IOException {
        calls.add(new Call(EstContentFormat.PATH_SEN, credential, csr.clone()));
        return answer(csr);
    }

    @Override
    public EstResponse simpleReEnrol(byte[] csr, EstCredential.Enrolled credential) throws IOException {
        calls.add(new Call(EstContentFormat.PATH_SREN, credential, csr.clone()));
        return answer(csr);
    }

    private EstResponse answer(byte[] csr) throws IOException {
        Issuer scripted = issues.poll();
        return scripted != null ? scripted.answer(csr) : honest(csr);
    }
}
