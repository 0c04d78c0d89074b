// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.EnrolmentRegistry.NodeRecord;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enrolment or renewal whose commit succeeded but whose answer was lost (the connection to a network database
 * dropped after COMMIT) is recognised by reading the node's record again, so the node gets its certificate instead
 * of a retry that would be refused (bundle used, old serial superseded) and lock it out; a failure before the commit
 * still stands. On a real SQLite registry, with the answer cut after the real commit.
 */
class LostCommitAnswerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private CollectorCa ca;
    private final NodeId node = NodeId.random();

    /** A registry whose enrolment writes lose their answer {@code committed} or not, and a bundle issued in it. */
    private EnrolmentRegistry registry(boolean committed) throws Exception {
        ca = CollectorCa.openOrCreate(dir, T0);
        return EnrolmentRegistry.over(new AnswerLost(SqliteEnrolmentRecords.open(dir), committed), ca);
    }

    private String bundle(EnrolmentRegistry registry) throws Exception {
        return registry.issueCredential("weather-07", T0, T0.plusSeconds(3600)).identity();
    }

    @Test
    void anEnrolmentAndARenewalCommittedWithoutAnAnswer_areRecognisedAsRecorded() throws Exception {
        try (EnrolmentRegistry registry = registry(true)) {
            String bundle = bundle(registry);
            X509Certificate first = ca.issueNode(NodeKeys.generate().getPublic(), node, T0);
            assertThat(registry.completeEnrolment(bundle, node, first, T0)).isTrue();

            X509Certificate renewed = ca.issueNode(NodeKeys.generate().getPublic(), node, T0.plusSeconds(60));
            assertThat(registry.recordRenewal(node, first.getSerialNumber(), renewed, T0.plusSeconds(60)))
                    .isTrue();
            assertThat(registry.node(node).orElseThrow().serial())
                    .isEqualTo(renewed.getSerialNumber().toString(16));
        }
    }

    @Test
    void aFailureBeforeTheCommit_stands() throws Exception {
        try (EnrolmentRegistry registry = registry(false)) {
            String bundle = bundle(registry);
            X509Certificate first = ca.issueNode(NodeKeys.generate().getPublic(), node, T0);
            assertThatThrownBy(() -> registry.completeEnrolment(bundle, node, first, T0))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("connection lost");
            assertThat(registry.node(node)).isEmpty();
        }
    }

    /** Real records whose enrolment writes report a lost connection: after committing, or instead of it. */
    private record AnswerLost(EnrolmentRecords records, boolean committed) implements EnrolmentRecords {
        private StoreException lost() {
            return new StoreException("connection lost (an I/O error on the database socket)");
        }

        @Override
        public boolean completeEnrolment(String identity, NodeId nodeId, String serial, Instant notAfter, Instant now)
                throws StoreException {
            if (committed) {
                records.completeEnrolment(identity, nodeId, serial, notAfter, now);
            }
            throw lost();
        }

        @Override
        public boolean recordRenewal(NodeId nodeId, String supersedes, String serial, Instant notAfter, Instant now)
                throws StoreException {
            if (committed) {
                records.recordRenewal(nodeId, supersedes, serial, notAfter, now);
            }
            throw lost();
        }

        @Override
        public int addCredential(String identity, String device, byte[] sealedKey, Instant issued, Instant notAfter)
                throws StoreException {
            return records.addCredential(identity, device, sealedKey, issued, notAfter);
        }

        @Override
        public void voidCredential(String identity) throws StoreException {
            records.voidCredential(identity);
        }

        @Override
        public Optional<Credential> credential(String identity) throws StoreException {
            return records.credential(identity);
        }

        @Override
        public Optional<byte[]> sealedKey(String identity) throws StoreException {
            return records.sealedKey(identity);
        }

        @Override
        public Optional<NodeRecord> node(NodeId nodeId) throws StoreException {
            return records.node(nodeId);
        }

        @Override
        public List<NodeRecord> nodes() throws StoreException {
            return records.nodes();
        }

        @Override
        public List<Credential> credentials() throws StoreException {
            return records.credentials();
        }

        @Override
        public boolean hasUnusedBundle(String name) throws StoreException {
            return records.hasUnusedBundle(name);
        }

        @Override
        public int revoke(String device, Instant now) throws StoreException {
            return records.revoke(device, now);
        }

        @Override
        public boolean knows(String device) throws StoreException {
            return records.knows(device);
        }

        @Override
        public void close() {
            records.close();
        }
    }
}
