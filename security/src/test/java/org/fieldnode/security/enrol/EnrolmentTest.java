// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.security.enrol.EnrolmentFixture.T0;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fieldnode.security.enrol.SecurityState.Phase;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.TimeQuality;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.retry.Backoff;
import org.fieldnode.security.testing.FakeEstTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R3–R6, R31, R32 on a fake clock: the enrolment state machine against a real test CA. */
class EnrolmentTest {
    @TempDir
    Path dir;

    @Test
    void withoutBundle_staysInBootstrap_andTalksToNobody() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir);
        Enrolment enrolment = f.enrolment();

        Duration wait = enrolment.step();

        assertThat(wait).isEqualTo(EnrolmentPolicy.defaults().idleRecheck());
        assertThat(enrolment.state()).hasToString("BOOTSTRAP");
        assertThat(enrolment.usableIdentity()).isEmpty();
        assertThat(f.est.calls()).isEmpty();
    }

    @Test
    void bootstrap_enrolsOverThePsk_deletesIt_andIsOk() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        Enrolment enrolment = f.enrolment();
        assertThat(enrolment.state().phase()).isEqualTo(Phase.BOOTSTRAP);

        Duration wait = enrolment.step();

        assertThat(enrolment.state()).hasToString("OK");
        assertThat(wait).isEqualTo(Duration.ofHours(1)); // renewal is 60 days away; wake hourly
        assertThat(f.est.calls())
                .extracting(FakeEstTransport.Call::path)
                .containsExactly(EstContentFormat.PATH_CRTS, EstContentFormat.PATH_SEN);
        assertThat(f.est.calls())
                .allSatisfy(c -> assertThat(c.credential()).isInstanceOf(EstCredential.Bootstrap.class));
        DeviceIdentity identity = enrolment.usableIdentity().orElseThrow();
        assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=" + f.nodeId.value());
        assertThat(f.codes())
                .containsSubsequence(
                        SecurityEventCode.ENROLMENT_STARTED,
                        SecurityEventCode.TRUST_ANCHOR_CHANGED,
                        SecurityEventCode.ENROLLED,
                        SecurityEventCode.ENROLMENT_CREDENTIAL_DELETED);

        // R4: the PSK is gone from the keystore on disk; the identity survives a restart.
        f.credentials = f.openCredentials();
        assertThat(f.credentials.enrolmentCredential()).isEmpty();
        Enrolment restarted = f.enrolment();
        assertThat(restarted.state()).hasToString("OK");
        assertThat(restarted.usableIdentity().orElseThrow().publicKey()).isEqualTo(identity.publicKey());
    }

    @Test
    void renewal_atTwoThirdsOfTheLifetime_usesANewKeyOverTheCertificateSession() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        Enrolment enrolment = f.enrolment();
        enrolment.step();
        DeviceIdentity first = enrolment.usableIdentity().orElseThrow();
        assertThat(Enrolment.renewalDue(first.certificate())).isEqualTo(T0.plus(Duration.ofDays(60)));

        f.clock.set(T0.plus(Duration.ofDays(60)).minusSeconds(600));
        assertThat(enrolment.step()).isEqualTo(Duration.ofSeconds(600));
        assertThat(f.est.calls()).hasSize(2);

        f.clock.set(T0.plus(Duration.ofDays(60)));
        enrolment.step();

        FakeEstTransport.Call sren = f.est.calls().get(2);
        assertThat(sren.path()).isEqualTo(EstContentFormat.PATH_SREN);
        assertThat(((EstCredential.Enrolled) sren.credential()).identity().publicKey())
                .isEqualTo(first.publicKey());
        DeviceIdentity second = enrolment.usableIdentity().orElseThrow();
        PublicKey requested = new JcaPKCS10CertificationRequest(sren.body()).getPublicKey();
        assertThat(second.publicKey()).isEqualTo(requested).isNotEqualTo(first.publicKey());
        assertThat(second.notAfter()).isEqualTo(T0.plus(Duration.ofDays(150)));
        assertThat(enrolment.state()).hasToString("OK");
        assertThat(f.codes()).contains(SecurityEventCode.RENEWAL_STARTED, SecurityEventCode.RENEWED);
        // the old key is gone from the keystore: only the new one is stored
        assertThat(f.openCredentials().identity(f.nodeId).orElseThrow().publicKey())
                .isEqualTo(second.publicKey());
    }

    @Test
    void failingRenewal_backsOffWithJitter_isDegraded_andAnExpiredCertificateIsNeverUsed() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        Enrolment enrolment = f.enrolment();
        enrolment.step();
        for (int i = 0; i < 100; i++) {
            f.est.nextIssue(csr -> {
                throw new IOException("DTLS handshake timed out");
            });
        }
        f.clock.set(T0.plus(Duration.ofDays(60)));
        EnrolmentPolicy policy = EnrolmentPolicy.defaults();
        Backoff ceilings = policy.backoff();

        for (int failure = 1; failure <= 8; failure++) {
            Duration wait = enrolment.step();
            Duration ceiling = ceilings.step(failure);
            assertThat(wait).isBetween(ceiling.dividedBy(2), ceiling).isLessThanOrEqualTo(Duration.ofMinutes(5));
            assertThat(enrolment.state()).hasToString("DEGRADED(certificate-expiring)");
            assertThat(enrolment.usableIdentity()).isPresent(); // still valid: keep reporting
            f.clock.advance(wait);
        }
        int callsBeforeExpiry = f.est.calls().size();

        f.clock.set(T0.plus(Duration.ofDays(90)).plusSeconds(1));
        enrolment.step();

        assertThat(enrolment.usableIdentity()).isEmpty();
        assertThat(enrolment.state()).hasToString("DEGRADED(certificate-expired)");
        assertThat(f.est.calls()).hasSize(callsBeforeExpiry); // no /sren with an expired certificate
        assertThat(f.codes()).contains(SecurityEventCode.RENEWAL_FAILED, SecurityEventCode.CERTIFICATE_EXPIRED);
    }

    @Test
    void serviceUnavailable_waitsAtLeastMaxAge_withoutDegrading_thenEnrols() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        Enrolment enrolment = f.enrolment();
        f.est.nextIssue(csr -> new EstResponse.TryLater(Duration.ofSeconds(120)));

        Duration wait = enrolment.step();

        assertThat(wait).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(132));
        assertThat(enrolment.state()).hasToString("BOOTSTRAP");
        assertThat(f.credentials.enrolmentCredential()).isPresent();

        f.clock.advance(wait);
        enrolment.step();
        assertThat(enrolment.state()).hasToString("OK");
    }

    @Test
    void repeatedRefusals_raiseAuthFailures_andThePeerTextIsNeutralised() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        Enrolment enrolment = f.enrolment();
        for (int i = 0; i < 3; i++) {
            f.est.nextIssue(csr -> new EstResponse.Refused("4.01", "credential used\r\nFN-SEC-1002 forged line"));
        }

        for (int i = 0; i < 3; i++) {
            f.clock.advance(enrolment.step());
        }

        assertThat(enrolment.state()).hasToString("DEGRADED(enrolment-failing,repeated-auth-failures)");
        assertThat(f.events)
                .filteredOn(e -> e.code() == SecurityEventCode.AUTHENTICATION_FAILED)
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.toLine())
                        .doesNotContain("\r", "\n")
                        .contains("4.01 credential used\\u000d\\u000aFN-SEC-1002 forged line"));
        assertThat(f.credentials.enrolmentCredential()).isPresent();
    }

    /**
     * A used, revoked or expired bundle: the collector answers 4.03 with one sentence. The node logs it once (not on
     * every retry), shows DEGRADED(bundle-refused), keeps backing off with growing delays, and clears it once a
     * new bundle enrols.
     */
    @Test
    void bundleRefused_isDegradedBundleRefused_loggedOnce_andBacksOff() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        Enrolment enrolment = f.enrolment();
        String sentence = "this bundle was already used: ask for a new one";
        for (int i = 0; i < 4; i++) {
            f.est.nextCrts(new EstResponse.Refused("4.03", sentence));
        }
        long logged = loggedLines("The collector refused the provisioning bundle: " + sentence);

        List<Duration> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Duration wait = enrolment.step();
            waits.add(wait);
            f.clock.advance(wait);
        }

        assertThat(enrolment.state()).hasToString("DEGRADED(bundle-refused)");
        assertThat(enrolment.usableIdentity()).isEmpty();
        assertThat(loggedLines("The collector refused the provisioning bundle: " + sentence) - logged)
                .isEqualTo(1);
        assertThat(f.events)
                .filteredOn(e -> e.code() == SecurityEventCode.ENROLMENT_FAILED)
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("/crts refused: 4.03 " + sentence));
        assertThat(f.codes()).doesNotContain(SecurityEventCode.AUTHENTICATION_FAILED);
        // never a hot loop: at least half the first back-off, growing
        assertThat(waits).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(15)));
        assertThat(waits.get(3)).isGreaterThan(waits.get(0));
        assertThat(f.credentials.enrolmentCredential()).isPresent();

        // once the collector accepts (a new bundle), the refusal clears
        enrolment.step();
        assertThat(enrolment.state()).hasToString("OK");
    }

    private static long loggedLines(String text) throws IOException {
        Path log = Path.of("target/test-logs/security.log");
        if (!java.nio.file.Files.exists(log)) {
            return 0;
        }
        try (var lines = java.nio.file.Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    @Test
    void untrustedClock_waits_withoutJudgingAnyCertificate() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        f.clockTrust = ClockTrust.notBefore(T0);
        f.clock.set(java.time.Instant.EPOCH.plusSeconds(42)); // a Pi without RTC, just booted
        Enrolment enrolment = f.enrolment();

        Duration wait = enrolment.step();

        assertThat(wait).isEqualTo(EnrolmentPolicy.defaults().idleRecheck());
        assertThat(enrolment.state()).hasToString("DEGRADED(clock-unsynchronised)");
        assertThat(f.est.calls()).isEmpty();
        assertThat(f.events).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(SecurityEventCode.CLOCK_UNTRUSTED);
            assertThat(e.timeQuality()).isEqualTo(TimeQuality.UNSYNCHRONISED);
        });

        f.clock.set(T0);
        enrolment.step();
        assertThat(enrolment.state()).hasToString("OK");
    }

    @Test
    void state_isVisibleAsText() {
        assertThat(new SecurityState(Phase.RENEWING, java.util.Set.of())).hasToString("RENEWING");
        assertThat(SecurityState.of(Phase.OK, java.util.Set.of(DegradedReason.STORAGE_NEARLY_FULL)))
                .hasToString("DEGRADED(storage-nearly-full)");
        assertThat(List.of(DegradedReason.values()))
                .extracting(DegradedReason::label)
                .contains("self-test-failed", "bundle-refused");
    }
}
