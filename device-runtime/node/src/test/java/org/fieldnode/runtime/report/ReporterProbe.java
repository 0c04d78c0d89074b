// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.NodeSetup;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;

/**
 * The child JVM of {@code lwm2m.Lwm2mClassLoadingIT} (outside that package, so that it loads nothing of it itself): starts a whole node on a simulated BME280 reporting over {@code coap}
 * or {@code lwm2m} to {@code coaps://127.0.0.1:PORT} (nobody answers), waits until it sampled and tried a delivery,
 * stops it, and exits 0; 1 when that did not happen within 50 s.
 *
 * <p>Arguments: {@code coap|lwm2m PORT DATA_DIR}.
 */
public final class ReporterProbe {
    private ReporterProbe() {}

    public static void main(String[] args) throws Exception {
        String protocol = args[0];
        URI server = URI.create("coaps://127.0.0.1:" + args[1]);
        String link = "link: { ack-timeout: 500ms, max-retransmit: 1, handshake-timeout: 500ms }";
        String report = protocol.equals("lwm2m")
                ? "{ protocol: lwm2m, server: \"" + server + "\", " + link + " }"
                : "{ collector: \"" + server + "/r\", " + link + " }";
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile = drivers.profileLoader().parse("probe.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
                report: %s
                """.formatted(report));
        NodeId id = NodeId.random();
        Node node = Node.start(
                new NodeSetup(
                        profile,
                        id,
                        URI.create(server + "/r"),
                        new PskCredential(id.value(), "probe-key-0123456789".getBytes(StandardCharsets.US_ASCII)),
                        SenmlFormat.CBOR,
                        Duration.ofMillis(200),
                        Optional.of(Path.of(args[2]))),
                drivers);
        long deadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
        while (node.stats().attempts() < 1 || node.stats().sampled() < 1) {
            if (System.nanoTime() > deadline) {
                node.close();
                System.exit(1);
            }
            Thread.sleep(50);
        }
        node.stop(Duration.ZERO);
        System.exit(0);
    }
}
