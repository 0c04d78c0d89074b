// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.testing.TestCa;
import org.fieldnode.security.trust.Fingerprint;
import org.fieldnode.security.trust.TrustAnchors;

/** What the LwM2M tests share: settings for loopback, credentials, readings. */
final class Lwm2mTesting {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    /** Quick to give up on loopback: a lost exchange fails after 1.5 s (RFC 7252 §4.8.2 MAX_TRANSMIT_WAIT). */
    static final LinkSettings FAST_LINK = new LinkSettings(Duration.ofMillis(500), 1.0, 1, Duration.ofMillis(500));

    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(3);

    private Lwm2mTesting() {}

    static DtlsCredentials.Psk psk(String identity, byte[] secret) {
        return new DtlsCredentials.Psk(new PskCredential(identity, secret));
    }

    static Lwm2mSettings settings(URI server, String endpoint, DtlsCredentials credentials) {
        return settings(server, endpoint, credentials, false);
    }

    static Lwm2mSettings settings(URI server, String endpoint, DtlsCredentials credentials, boolean bootstrap) {
        return new Lwm2mSettings(
                server,
                endpoint,
                credentials,
                bootstrap,
                Duration.ofMinutes(5),
                SenmlFormat.CBOR,
                EXCHANGE_TIMEOUT,
                FAST_LINK,
                Lwm2mSettings.DeviceDescription.of("raspberrypi,4b", endpoint, "0.1.0-test"));
    }

    static Reading reading(String sensor, Channel channel, double value, Instant at) {
        return new Reading(sensor, channel, value, at.toEpochMilli() * 1_000_000, at);
    }

    /** A CA, a node identity it issued (CN = node id, clientAuth) and a server certificate for 127.0.0.1. */
    record Pki(TestCa ca, DeviceIdentity node, KeyPair serverKeys, X509Certificate server) {
        static Pki create() {
            Instant now = Instant.now().minusSeconds(60);
            TestCa ca = TestCa.create("lwm2m test CA", now);
            NodeId id = NodeId.random();
            KeyPair nodeKeys = NodeKeys.generate();
            X509Certificate nodeCert = ca.issueClient(nodeKeys.getPublic(), id.value(), now, Duration.ofDays(1));
            KeyPair serverKeys = NodeKeys.generate();
            X509Certificate server = ca.issueServer(serverKeys.getPublic(), "127.0.0.1", now, Duration.ofDays(1));
            return new Pki(ca, new DeviceIdentity(id, nodeKeys, List.of(nodeCert)), serverKeys, server);
        }

        DtlsCredentials.Certificate credentials() {
            return new DtlsCredentials.Certificate(
                    node,
                    TrustAnchors.restored(Fingerprint.of(ca.certificate()), List.of(ca.certificate())),
                    "127.0.0.1");
        }

        String endpoint() {
            return node.nodeId().value();
        }
    }
}
