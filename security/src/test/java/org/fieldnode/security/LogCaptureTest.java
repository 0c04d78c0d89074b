// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.BundleImport;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.ClockTrust;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.enrol.EnrolmentPolicy;
import org.fieldnode.security.enrol.EstResponse;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.testing.FakeClock;
import org.fieldnode.security.testing.FakeEstTransport;
import org.fieldnode.security.testing.Secrets;
import org.fieldnode.security.testing.TestCa;
import org.fieldnode.security.trust.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R2, R11: a full provisioning — bundle import, a failed and a successful enrolment, a renewal, a
 * crypto-erase — with DEBUG logging to a file; then neither the log, nor any exception message, nor any toString
 * holds the PSK, the wrapping key or a private key in raw, hex or base64 form.
 */
class LogCaptureTest {
    private static final Path LOG = Path.of("target/test-logs/security.log");

    @TempDir
    Path dir;

    @Test
    void fullEnrolmentLeavesNoSecretInLogsMessagesOrToString() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2025-05-01T00:00:00Z");
        FakeClock clock = new FakeClock(t0);
        TestCa ca = TestCa.create("village-ca", t0.minusSeconds(60));
        byte[] psk = new byte[32];
        new Random().nextBytes(psk);
        NodeId id = NodeId.random();
        Path bundle = dir.resolve(BundleFormat.FILE_NAME);
        Files.writeString(
                bundle,
                BundleFormat.format(
                        new BundleSettings(
                                java.net.URI.create("coaps://collector:5684"),
                                "enrol-7",
                                Fingerprint.of(ca.certificate()),
                                java.util.Optional.empty(),
                                java.util.Optional.empty(),
                                java.util.Optional.of(t0)),
                        new PskCredential("enrol-7", psk)));
        WrappingKeyFile wrapping = new WrappingKeyFile(dir.resolve("wrapping.key"));
        NodeCredentials credentials =
                new NodeCredentials(EncryptedKeystore.openOrCreate(dir.resolve("keystore.bcfks"), wrapping));
        byte[] wrappingKey = wrapping.wrappingKey();
        List<String> seen = new ArrayList<>();
        SecurityEventLog events = e -> {
            seen.add(e.toLine());
            SecurityEventLog.toLogger().record(e);
        };

        BundleImport.importFile(bundle, credentials, t0);
        FakeEstTransport est = new FakeEstTransport(ca, clock);
        est.nextIssue(csr -> new EstResponse.Refused("5.00", "internal"));
        Enrolment enrolment = new Enrolment(
                id,
                credentials,
                est,
                clock,
                ClockTrust.notBefore(t0),
                events,
                EnrolmentPolicy.defaults(),
                new Random());
        clock.advance(enrolment.step());
        enrolment.step();
        DeviceIdentity first = enrolment.usableIdentity().orElseThrow();
        clock.advance(Duration.ofDays(61));
        enrolment.step();
        DeviceIdentity second = enrolment.usableIdentity().orElseThrow();
        seen.add(first.toString());
        seen.add(second.toString());
        seen.add(enrolment.toString());
        seen.add(credentials.toString());
        seen.add(credentials.enrolmentCredential().toString());
        seen.add(est.calls().toString());
        try {
            EncryptedKeystore.openOrCreate(
                    dir.resolve("keystore.bcfks"), new WrappingKeyFile(dir.resolve("other.key")));
        } catch (Exception e) {
            seen.add(e.getMessage());
        }
        credentials.cryptoErase();

        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log).contains("security-event", "FN-SEC-1002", "provisioning bundle imported");
        List<String> forbidden = new ArrayList<>();
        forbidden.addAll(Secrets.textForms(psk));
        forbidden.addAll(Secrets.textForms(wrappingKey));
        forbidden.addAll(Secrets.textForms(first.privateKey()));
        forbidden.addAll(Secrets.textForms(second.privateKey()));
        for (String form : forbidden) {
            assertThat(log).doesNotContain(form);
            assertThat(seen).noneMatch(s -> s.contains(form));
        }
        assertThat(log).doesNotContain(Secrets.PEM_BEGIN);
    }

    static {
        try {
            Files.createDirectories(LOG.getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
