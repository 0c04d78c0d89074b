// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.enrol.EstCredential;
import org.fieldnode.security.enrol.EstResponse;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's life over real Scandium DTLS on loopback (SECURITY R4, R8; issue 13 item 8): it carries a not-after and
 * is refused after it; a used, revoked, replaced or expired bundle still completes its handshake and is answered
 * 4.03 with one sentence its node logs, DEGRADED(bundle-refused); a name another credential holds gets no bundle
 * and no certificate; loopback collector URIs need asking for. Each refusal is a security event.
 */
class BundleLifecycleIT {
    @TempDir
    Path dir;

    private EnrolmentLoopback loopback;
    private final InMemoryPskDirectory pskNodes = new InMemoryPskDirectory();
    private final NodeId pskNode = NodeId.random();

    @BeforeEach
    void start() throws Exception {
        pskNodes.add(new PskCredential(pskNode.value(), new byte[16]));
        loopback = new EnrolmentLoopback(dir, EnrolmentServer.SIGNING_SLOTS, pskNodes);
    }

    @AfterEach
    void stop() {
        loopback.close();
    }

    private Path bundle(String device, Duration validFor, Instant issuedAt) throws Exception {
        Path file = dir.resolve(device + "-" + System.nanoTime() + ".bundle");
        loopback.enrolment
                .bundles()
                .issue(
                        ProvisioningBundles.Request.of(device, loopback.base)
                                .allowingLoopback()
                                .validFor(validFor),
                        file,
                        issuedAt);
        return file;
    }

    private void assertRefused(EnrolmentLoopback.Node node, String sentence) throws Exception {
        node.enrolment.step();
        assertThat(node.enrolment.state()).hasToString("DEGRADED(bundle-refused)");
        assertThat(node.enrolment.usableIdentity()).isEmpty();
        assertThat(node.events)
                .filteredOn(e -> e.code() == SecurityEventCode.ENROLMENT_FAILED)
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("/crts refused: 4.03 " + sentence));
    }

    @Test
    void aBundleCarriesItsNotAfter_andIsRefusedAfterIt_withOneSentence() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofMinutes(10));
        Path file = bundle("late-01", Duration.ofMinutes(5), issued);
        assertThat(BundleFormat.parse("b", Files.readAllBytes(file)).settings().notAfter())
                .contains(issued.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .plus(Duration.ofMinutes(5)));

        try (EnrolmentLoopback.Node node = loopback.node("late").importBundle(file)) {
            String notAfter = issued.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .plus(Duration.ofMinutes(5))
                    .toString();
            assertRefused(node, "this bundle expired on " + notAfter + ": ask for a new one");
            // /sen too, not only /crts
            assertThat(node.transport.simpleEnrol(
                            org.fieldnode.security.csr.CertificateRequest.create(
                                    node.id, org.fieldnode.security.identity.NodeKeys.generate()),
                            new EstCredential.Bootstrap(
                                    node.credentials.enrolmentCredential().orElseThrow())))
                    .isEqualTo(new EstResponse.Refused(
                            "4.03", "this bundle expired on " + notAfter + ": ask for a new one"));
        }
        assertThat(loopback.enrolment.registry().nodes()).isEmpty();
        assertThat(loopback.events()).contains("code=FN-SEC-3001 event=authentication_failed", "expired on");
    }

    @Test
    void revokedAndReplacedBundles_areRefusedWithTheirReason() throws Exception {
        Path revoked = bundle("soil-01", Duration.ofDays(30), Instant.now());
        loopback.enrolment.registry().revoke("soil-01", Instant.now());
        Path first = bundle("soil-02", Duration.ofDays(30), Instant.now());
        bundle("soil-02", Duration.ofDays(30), Instant.now()); // issued again: the first is void

        try (EnrolmentLoopback.Node a = loopback.node("a").importBundle(revoked);
                EnrolmentLoopback.Node b = loopback.node("b").importBundle(first)) {
            assertRefused(a, "this bundle was revoked: ask for a new one");
            assertRefused(b, "this bundle was replaced by a newer one for the same device: use that one");
        }
    }

    /** R8 at issue time: a PSK node's identity gets no bundle, nor does the node id of another device. */
    @Test
    void noBundleForANameAnotherCredentialHolds() throws Exception {
        assertThatThrownBy(() -> bundle(pskNode.value(), Duration.ofDays(1), Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no bundle issued: '" + pskNode + "' is the identity of a PSK node in psk-directory; a"
                        + " bundle for it would let another node report under that name");

        try (EnrolmentLoopback.Node node =
                loopback.node("weather").importBundle(bundle("weather-07", Duration.ofDays(1), Instant.now()))) {
            node.enrolment.step();
            assertThat(node.enrolment.state()).hasToString("OK");
            assertThatThrownBy(() -> bundle(node.id.value(), Duration.ofDays(1), Instant.now()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is the node id of the node enrolled as device 'weather-07'; to re-provision"
                            + " it, issue the bundle for 'weather-07'");
            // re-provisioning the same device is allowed, and the same node may enrol with it again
            try (EnrolmentLoopback.Node again = loopback.new Node(dir.resolve("again"), node.id)) {
                again.importBundle(bundle("weather-07", Duration.ofDays(1), Instant.now()));
                again.enrolment.step();
                assertThat(again.enrolment.state()).hasToString("OK");
            }
        }
        assertThat(loopback.events())
                .contains("node=" + pskNode + " code=FN-SEC-3002 event=identity_conflict")
                .contains("code=FN-SEC-1042 event=bundle_issued");
    }

    /** R8 at enrolment: a node id bound to another (unused) bundle is not handed to this bundle's holder. */
    @Test
    void aNodeIdBoundToAnotherBundle_isRefusedAtEnrolment() throws Exception {
        NodeId reserved = NodeId.random();
        bundle(reserved.value(), Duration.ofDays(1), Instant.now()); // issued for that node, not yet used
        try (EnrolmentLoopback.Node squatter = loopback.new Node(dir.resolve("squatter"), reserved)) {
            squatter.importBundle(bundle("air-02", Duration.ofDays(1), Instant.now()));
            squatter.enrolment.step();

            assertThat(squatter.enrolment.state()).hasToString("DEGRADED(bundle-refused)");
            assertThat(squatter.events)
                    .anySatisfy(e -> assertThat(e.detail())
                            .isEqualTo("/sen refused: 4.03 the node id " + reserved
                                    + " is bound to another bundle on this collector"));
        }
        assertThat(loopback.enrolment.registry().node(reserved)).isEmpty();
    }

    @Test
    void aLoopbackOrWildcardCollector_needsAllowLoopback() throws Exception {
        for (String host : new String[] {"127.0.0.1", "localhost", "0.0.0.0", "[::1]", "[::]", "127.9.9.9"}) {
            URI uri = URI.create("coaps://" + host + ":5684");
            assertThatThrownBy(() -> loopback.enrolment
                            .bundles()
                            .issue(ProvisioningBundles.Request.of("n", uri), dir.resolve("n.bundle"), Instant.now()))
                    .as(host)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("which nodes in the field cannot reach")
                    .hasMessageContaining("--allow-loopback");
        }
        assertThat(dir.resolve("n.bundle")).doesNotExist();
        loopback.enrolment
                .bundles()
                .issue(
                        ProvisioningBundles.Request.of("n", URI.create("coaps://collector.village.example:5684")),
                        dir.resolve("n.bundle"),
                        Instant.now());
        assertThat(dir.resolve("n.bundle")).exists();
    }
}
