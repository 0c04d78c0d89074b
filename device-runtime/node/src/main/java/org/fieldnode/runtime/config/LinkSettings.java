// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.time.Duration;

/**
 * CoAP and DTLS retransmission settings for the node's uplink, exposed in the profile ({@code report.link}). The
 * defaults suit slow, lossy mobile links: a longer first ACK timeout than RFC 7252's 2 s (a 2G round trip with a
 * DTLS record can take over a second), the RFC's random factor, and four retransmissions.
 *
 * @param ackTimeout RFC 7252 §4.8 ACK_TIMEOUT: the first wait for an acknowledgement; doubles per retransmission
 * @param ackRandomFactor RFC 7252 §4.8 ACK_RANDOM_FACTOR (≥ 1.0)
 * @param maxRetransmit RFC 7252 §4.8 MAX_RETRANSMIT
 * @param handshakeRetransmission the first DTLS handshake flight timeout (RFC 6347 §4.2.4.1), doubling per retry
 */
public record LinkSettings(
        Duration ackTimeout, double ackRandomFactor, int maxRetransmit, Duration handshakeRetransmission) {
    public LinkSettings {
        if (ackTimeout.compareTo(Duration.ofMillis(500)) < 0 || ackTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("report.link.ack-timeout must be 500ms..1m, got " + ackTimeout);
        }
        if (!(ackRandomFactor >= 1.0 && ackRandomFactor <= 4.0)) {
            throw new IllegalArgumentException(
                    "report.link.ack-random-factor must be 1.0..4.0, got " + ackRandomFactor);
        }
        if (maxRetransmit < 0 || maxRetransmit > 10) {
            throw new IllegalArgumentException("report.link.max-retransmit must be 0..10, got " + maxRetransmit);
        }
        if (handshakeRetransmission.compareTo(Duration.ofMillis(500)) < 0
                || handshakeRetransmission.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "report.link.handshake-timeout must be 500ms..1m, got " + handshakeRetransmission);
        }
    }

    /** For slow lossy links: 3 s, 1.5, 4 retransmissions, 3 s handshake flights. */
    public static LinkSettings defaults() {
        return new LinkSettings(Duration.ofSeconds(3), 1.5, 4, Duration.ofSeconds(3));
    }

    /**
     * RFC 7252 §4.8.2 MAX_TRANSMIT_WAIT: the longest a confirmable message can wait for its acknowledgement,
     * {@code ackTimeout · (2^(maxRetransmit+1) − 1) · ackRandomFactor}.
     */
    public Duration maxTransmitWait() {
        double factor = ((1L << (maxRetransmit + 1)) - 1) * ackRandomFactor;
        return Duration.ofMillis((long) Math.ceil(ackTimeout.toMillis() * factor));
    }
}
