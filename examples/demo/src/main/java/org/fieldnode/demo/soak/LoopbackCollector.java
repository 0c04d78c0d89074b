// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.DeliveryLoop;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.store.ReadingQueue;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;

/**
 * An in-process collector on loopback behind a {@link LossyUdpProxy}, with one node's key (made per run), and the
 * node's delivery half: a {@link DeliveryLoop} with a real {@link CoapReporter} reporting through the proxy. The
 * proxy can take the collector away ({@link #away}) and bring it back ({@link #back}).
 */
final class LoopbackCollector implements AutoCloseable {
    private final NodeId nodeId = NodeId.random();
    private final PskCredential psk;
    private final CollectorServer collector;
    private final LossyUdpProxy proxy;
    private DeliveryLoop delivery;
    private CoapReporter reporter;

    LoopbackCollector() {
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        psk = new PskCredential(nodeId.value(), key);
        java.util.Arrays.fill(key, (byte) 0);
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(psk))
                .build();
        collector.start();
        proxy = new LossyUdpProxy(collector.address(), LossyUdpProxy.Faults.none(), 3);
    }

    /** Starts delivering {@code queue} in batches of up to 60 readings; retries back off from 200 ms to 1 s. */
    void startDelivery(ReadingQueue queue) {
        reporter = newReporter();
        delivery = new DeliveryLoop(queue, reporter, 60, Duration.ofMillis(200), Duration.ofSeconds(1));
        delivery.start();
    }

    /** A reporter for this collector (through the proxy) as the node; the caller closes it. */
    CoapReporter newReporter() {
        return new CoapReporter(new CoapReporterSettings(
                URI.create("coaps://127.0.0.1:" + proxy.address().getPort() + "/r"),
                nodeId.value(),
                psk,
                SenmlFormat.CBOR,
                Duration.ofSeconds(3),
                new LinkSettings(Duration.ofMillis(500), 1.5, 2, Duration.ofMillis(500)),
                Optional.empty()));
    }

    String nodeId() {
        return nodeId.value();
    }

    /** Waits until the queue is empty; then stops delivery. */
    boolean drain(Duration limit) throws InterruptedException {
        boolean drained = delivery.awaitDrained(limit);
        delivery.close();
        reporter.close();
        delivery = null;
        return drained;
    }

    void away() {
        proxy.setFaults(new LossyUdpProxy.Faults(100, 0, 0));
    }

    void back() {
        proxy.setFaults(LossyUdpProxy.Faults.none());
    }

    List<StoredReading> stored() {
        return collector.store().all();
    }

    @Override
    public void close() {
        if (delivery != null) {
            delivery.close();
            reporter.close();
        }
        proxy.close();
        collector.close();
    }
}
