// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.runtime.config.LinkSettings;
import org.tinylog.Logger;

/**
 * Starts Californium and Scandium's one-time initialisation on a background thread while the node reads its
 * profile and opens its sensors: the configuration definitions, the JCE providers, the cipher suites' self-checks
 * (Scandium generates a key pair per supported curve to learn which are usable) and the verification of the
 * signed Californium jars, the classes of the CoAP stack. On a fresh JVM this is about half of the time to the first acknowledged reading, and
 * it needs nothing from the profile, so doing it in parallel shortens start-up on any multi-core board
 * (BENCHMARKS.md). The reporter built later finds the classes initialised; nothing here touches the network or
 * any credential: the connector is built with a throw-away key and never started.
 */
public final class DtlsWarmUp {
    private DtlsWarmUp() {}

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static void startInBackground() {
        Thread thread = new Thread(DtlsWarmUp::warmUp, "fieldnode-dtls-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    static void warmUp() {
        try {
            Configuration config = ClientConfiguration.coap(LinkSettings.defaults());
            // An identity and key that authenticate nothing: the connector is destroyed without being started.
            byte[] throwAway = new byte[16];
            DTLSConnector connector = new DTLSConnector(
                    ClientConfiguration.dtls(config, new AdvancedSinglePskStore("warm-up", throwAway), "warm-up"));
            // The CoAP stack's layers, matcher and stores: built, never started, so no socket is opened.
            new CoapEndpoint.Builder()
                    .setConfiguration(config)
                    .setConnector(connector)
                    .setLoggingTag("warm-up")
                    .build()
                    .destroy();
        } catch (RuntimeException | LinkageError e) {
            // Only a lost head start: the reporter does the same work, and reports any real problem itself.
            Logger.debug("DTLS warm-up skipped: {}", e.toString());
        }
    }
}
