// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ResumptionSupportingConnectionStore;

/**
 * Scandium's server connector, built on a connection store the collector keeps a reference to (Scandium's own
 * extension point: the protected constructor that takes a store), so that {@link CredentialSessions} can remove a
 * chosen connection (SECURITY R20, R40). The store is the one Scandium would have made for {@code config}.
 */
final class CollectorConnector extends DTLSConnector {
    private CollectorConnector(DtlsConnectorConfig config, ResumptionSupportingConnectionStore store) {
        super(config, store);
    }

    /** {@code config} must name {@code sessions} as its connection listener. */
    static CollectorConnector create(DtlsConnectorConfig config, CredentialSessions sessions) {
        if (config.getConnectionListener() != sessions) {
            throw new IllegalArgumentException("the DTLS configuration must report connections to " + sessions);
        }
        ResumptionSupportingConnectionStore store = createConnectionStore(config);
        sessions.attach(store);
        return new CollectorConnector(config, store);
    }
}
