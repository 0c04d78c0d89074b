// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.NodeSetup;
import org.fieldnode.runtime.app.NodeStats;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.senml.SenmlFormat;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.tinylog.Logger;

/**
 * The demo's run: a collector and a node in one process, talking CoAP over DTLS on loopback. The node's
 * pre-shared key is made fresh for each run and never written anywhere.
 */
public final class Demo {
    public static final String PROFILE = "simulated-weather-station";
    private static final Duration DRAIN = Duration.ofSeconds(15);

    private final String profileName;
    private final SenmlFormat format;
    private final Duration duration;
    private final PrintWriter out;

    public Demo(String profileName, SenmlFormat format, Duration duration, PrintWriter out) {
        this.profileName = profileName;
        this.format = format;
        this.duration = duration;
        this.out = out;
    }

    /** The demo's counters. {@code stored} is what the collector kept. */
    public record Result(NodeStats node, int stored) {
        public String summary() {
            return "demo: sampled=%d sent=%d acknowledged=%d stored=%d"
                    .formatted(node.sampled(), node.sent(), node.acknowledged(), stored);
        }

        /** Readings arrived, and the collector kept exactly what it acknowledged. */
        public boolean consistent() {
            return stored > 0 && node.acknowledged() == stored;
        }
    }

    public Result run() throws ProfileException, InterruptedException {
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile = new ProfileLoader(drivers.compatibles()).load(profileName);
        NodeId nodeId = NodeId.random();
        byte[] secret = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(secret);
        PskCredential psk = new PskCredential(nodeId.value(), secret);
        java.util.Arrays.fill(secret, (byte) 0);

        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(psk);
        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(keys)
                .listener(this::print)
                .build()) {
            collector.start();
            InetSocketAddress at = collector.address();
            URI uri = URI.create("coaps://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/r");
            Logger.info("Collector at {}, node {} sampling for {}", uri, nodeId, duration);
            Node node = Node.start(
                    new NodeSetup(
                            profile, nodeId, uri, psk, format, Duration.ofMillis(500), java.util.Optional.empty()),
                    drivers);
            Thread.sleep(duration.toMillis());
            if (!node.stop(DRAIN)) {
                Logger.warn("Demo: not every reading was delivered within {} s of stopping", DRAIN.toSeconds());
            }
            return new Result(node.stats(), collector.store().size());
        } finally {
            psk.destroy();
        }
    }

    private void print(StoredReading r) {
        synchronized (out) {
            out.printf(
                    "reading device=%s name=%s value=%s unit=%s time=%s%n",
                    r.device(), r.name(), r.value(), r.unit(), r.time());
            out.flush();
        }
    }
}
