// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.testing.FakeClock;
import org.fieldnode.security.testing.FakeEstTransport;
import org.fieldnode.security.testing.TestCa;
import org.fieldnode.security.trust.Fingerprint;
import org.fieldnode.security.trust.TrustAnchors;

/** A node with a real keystore in a temp dir, a provisioned bundle, a real test CA behind a fake EST server. */
final class EnrolmentFixture {
    static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");
    static final byte[] PSK = new byte[16];

    static {
        new Random(20250501).nextBytes(PSK);
    }

    final Path dir;
    final NodeId nodeId = NodeId.random();
    final FakeClock clock = new FakeClock(T0);
    final TestCa ca = TestCa.create("village-ca", T0.minus(Duration.ofDays(1)));
    final FakeEstTransport est = new FakeEstTransport(ca, clock);
    final List<SecurityEvent> events = new ArrayList<>();
    ClockTrust clockTrust = ClockTrust.notBefore(T0.minus(Duration.ofDays(30)));
    NodeCredentials credentials;

    EnrolmentFixture(Path dir) throws KeystoreException {
        this.dir = dir;
        this.credentials = openCredentials();
    }

    NodeCredentials openCredentials() throws KeystoreException {
        return new NodeCredentials(EncryptedKeystore.openOrCreate(
                dir.resolve("keystore.bcfks"), new WrappingKeyFile(dir.resolve("wrapping.key"))));
    }

    /** As after importing a bundle: the PSK and the pin of the test CA in the keystore. */
    EnrolmentFixture provisioned() throws KeystoreException {
        credentials.putEnrolmentCredential(new PskCredential("enrol-0001", PSK));
        credentials.saveTrust(TrustAnchors.pinned(Fingerprint.of(ca.certificate())));
        return this;
    }

    Enrolment enrolment() throws KeystoreException {
        return new Enrolment(
                nodeId, credentials, est, clock, clockTrust, events::add, EnrolmentPolicy.defaults(), new Random(42));
    }

    List<SecurityEventCode> codes() {
        return events.stream().map(SecurityEvent::code).toList();
    }
}
