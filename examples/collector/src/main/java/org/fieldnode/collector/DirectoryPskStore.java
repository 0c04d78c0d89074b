// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.psk.PskCredential;
import org.tinylog.Logger;

/**
 * Hands Scandium the key of a connecting node from the {@link PskDirectory}. An unknown identity gets no key, so
 * its handshake fails; Scandium then stays silent towards the node rather than confirm that the identity is
 * unknown (no oracle for identities or keys).
 */
final class DirectoryPskStore implements AdvancedPskStore {
    private final PskDirectory directory;
    private final CollectorEvents events;

    DirectoryPskStore(PskDirectory directory) {
        this(directory, CollectorEvents.toLogger());
    }

    /** With every refused identity recorded as an authentication failure (rate-limited, SECURITY R29). */
    DirectoryPskStore(PskDirectory directory, CollectorEvents events) {
        this.directory = directory;
        this.events = events;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return false; // only TLS_PSK_WITH_AES_128_CCM_8 is offered
    }

    @Override
    public PskSecretResult requestPskSecretResult(
            ConnectionId cid,
            ServerNames serverName,
            PskPublicInformation identity,
            String hmacAlgorithm,
            SecretKey otherSecret,
            byte[] seed,
            boolean useExtendedMasterSecret) {
        String name = identity.getPublicInfoAsString();
        Optional<PskCredential> credential = directory.lookup(name);
        if (credential.isEmpty()) {
            Logger.warn("DTLS handshake refused: unknown PSK identity {}", Printable.of(name));
            events.record(
                    SecurityEventCode.AUTHENTICATION_FAILED, null, "DTLS handshake with unknown PSK identity " + name);
            return new PskSecretResult(cid, identity, null);
        }
        byte[] secret = credential.get().secret();
        try {
            return new PskSecretResult(cid, identity, SecretUtil.create(secret, PskSecretResult.ALGORITHM_PSK));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** A server never starts a handshake, so it never needs an identity of its own. */
    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
