// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.protocol.Readings;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.security.psk.PskCredential;

/**
 * One simulated node of the load test: its own UDP port, DTLS session (PSK) and CoAP endpoint, sharing threads
 * with every other node. It posts SenML batches to {@code /r} as a fieldnode node does ({@code s=<sequence>},
 * {@code c=0}), one at a time, and like a node it starts a handshake with the request after one that got no answer
 * (the rule of the node's {@code SessionRecovery}: Scandium's probing handshake mode, which offers the session for
 * resumption), so it reaches a collector that restarted without its sessions.
 */
final class SimulatedNode implements AutoCloseable {
    /** How one report ended. */
    sealed interface Outcome {
        record Acknowledged(long nanos) implements Outcome {}

        record Failed(String reason) implements Outcome {}
    }

    private static final String[][] SERIES = {
        {"temperature", "Cel"}, {"humidity", "%RH"}, {"pressure", "Pa"}, {"voltage", "V"}
    };

    private final String id;
    private final CoapEndpoint endpoint;
    private final InetSocketAddress collector;
    private final int readingsPerReport;
    private volatile boolean handshakeNext; // after a report that got no answer
    private volatile long sequence; // advanced only by a 2.04, on the node's CoAP thread
    private long observedFor = -1; // the sequence whose readings were observed at observedAt
    private Instant observedAt;
    private volatile int failures; // reports in a row that were not acknowledged

    SimulatedNode(
            PskCredential psk,
            Configuration config,
            InetSocketAddress collector,
            int readingsPerReport,
            DatagramPump pump,
            ScheduledExecutorService dtls,
            ScheduledExecutorService coap,
            ScheduledExecutorService coapSecondary,
            java.util.concurrent.atomic.AtomicLong sendDrops)
            throws IOException {
        this.id = psk.identity();
        this.collector = collector;
        this.readingsPerReport = readingsPerReport;
        byte[] secret = psk.secret();
        PumpedConnector connector = new PumpedConnector(
                DtlsConnectorConfig.builder(config)
                        .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .setAdvancedPskStore(new AdvancedSinglePskStore(id, secret))
                        .setLoggingTag(id)
                        .build(),
                pump,
                sendDrops);
        java.util.Arrays.fill(secret, (byte) 0);
        connector.setExecutor(dtls);
        this.endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setLoggingTag(id)
                .build();
        endpoint.setExecutors(coap, coapSecondary);
        endpoint.start();
    }

    /**
     * Posts the next batch; {@code done} is told once, from a Californium thread. A batch sent again (its answer was
     * lost or refused) carries the same readings as before, times included, as a node's queue does: the collector
     * refuses other content under a stored sequence (SECURITY R28).
     */
    Request report(Consumer<Outcome> done) {
        List<SenmlRecord> records = new ArrayList<>(readingsPerReport);
        if (observedFor != sequence) {
            observedFor = sequence;
            observedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        Instant now = observedAt;
        for (int i = 0; i < readingsPerReport; i++) {
            String[] series = SERIES[i % SERIES.length];
            records.add(new SenmlRecord(
                    SeriesNames.baseName(id) + SeriesNames.series("env" + i / SERIES.length, series[0]),
                    series[1],
                    20 + (sequence + i) % 10,
                    now));
        }
        Request request = Request.newPost();
        request.setConfirmable(true);
        request.setDestinationContext(
                handshakeNext
                        ? new MapBasedEndpointContext(
                                collector, null, DtlsEndpointContext.ATTRIBUTE_HANDSHAKE_MODE_PROBE)
                        : new AddressEndpointContext(collector));
        request.getOptions()
                .setUriPath(Readings.PATH)
                .addUriQuery(Readings.sequenceQuery(sequence))
                .addUriQuery(DesiredConfigCodec.APPLIED + "=0")
                .setContentFormat(SenmlFormat.CBOR.contentFormat());
        request.setPayload(SenmlCodec.encode(records, SenmlFormat.CBOR));
        long started = System.nanoTime();
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                handshakeNext = false;
                if (response.getCode() == ResponseCode.CHANGED) {
                    sequence += readingsPerReport;
                    failures = 0;
                    done.accept(new Outcome.Acknowledged(System.nanoTime() - started));
                } else {
                    failures++;
                    done.accept(new Outcome.Failed("answered " + response.getCode()));
                }
            }

            @Override
            public void onTimeout() {
                unanswered();
                done.accept(new Outcome.Failed("no answer"));
            }

            @Override
            public void onReject() {
                handshakeNext = false;
                failures++;
                done.accept(new Outcome.Failed("reset"));
            }

            @Override
            public void onSendError(Throwable error) {
                unanswered();
                done.accept(
                        new Outcome.Failed("send failed: " + error.getClass().getSimpleName()));
            }
        });
        endpoint.sendRequest(request);
        return request;
    }

    /** The last report got no answer (also: its deadline passed): the next one starts with a handshake. */
    void unanswered() {
        handshakeNext = true;
        failures++;
    }

    /** Reports in a row that were not acknowledged, for the node's back-off. */
    int failures() {
        return failures;
    }

    /** Readings acknowledged so far: the node's sequences 0 to this less 1 were answered 2.04. */
    long acknowledgedReadings() {
        return sequence;
    }

    @Override
    public void close() {
        endpoint.destroy();
    }

    @Override
    public String toString() {
        return "SimulatedNode[" + id + "]";
    }
}
