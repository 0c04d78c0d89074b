// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.floor;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.fieldnode.collector.CollectorServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The collector's floor: a bare Californium {@link CoapServer} on one Scandium DTLS connector, with the collector's
 * own Californium/Scandium settings ({@link CollectorServer#californiumConfiguration()}: the same PSK cipher suite
 * {@code TLS_PSK_WITH_AES_128_CCM_8}, Connection IDs, thread counts, table sizes and deduplication), and one
 * resource {@code /r} that answers every POST with 2.04 and keeps nothing. It does the collector's exchange without
 * the collector's work (decoding, checking, storing durably), so the collector's requests/s over this one's, in
 * the same run with the same JVM flags, is what that work costs.
 *
 * <p>As a process ({@link #main}): {@code --psk-file FILE} (one {@code identity=hexkey} line per node, as the
 * collector's {@code psk-directory}) and {@code --bind ADDR:PORT}; prints {@code bare: coaps=ADDR:PORT requests=0}
 * once listening and runs until SIGTERM.
 */
public final class BareServer implements AutoCloseable {
    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final AtomicLong requests = new AtomicLong();

    private BareServer(InetSocketAddress bind, AdvancedMultiPskStore keys) {
        Configuration config = CollectorServer.californiumConfiguration();
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(keys)
                .setLoggingTag("bare")
                .build());
        this.endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setLoggingTag("bare")
                .build();
        this.server = new CoapServer(config);
        server.addEndpoint(endpoint);
        server.add(new CoapResource("r") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                requests.incrementAndGet();
                exchange.respond(ResponseCode.CHANGED);
            }
        });
    }

    /**
     * Starts a bare server on {@code bind} (port 0 picks one) that accepts the PSK nodes of {@code pskFile}.
     *
     * @throws IOException when the file cannot be read or holds a malformed line
     */
    public static BareServer start(InetSocketAddress bind, Path pskFile) throws IOException {
        BareServer bare = new BareServer(bind, readKeys(pskFile));
        bare.server.start();
        if (!bare.endpoint.isStarted()) {
            bare.close();
            throw new IOException("bare server: cannot bind " + bind);
        }
        return bare;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return endpoint.getAddress();
    }

    /** POSTs answered so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** {@code identity=hexkey} lines; blank lines and {@code #} comments are skipped. */
    static AdvancedMultiPskStore readKeys(Path file) throws IOException {
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IOException(file + ":" + (i + 1) + ": expected identity=hexkey");
            }
            try {
                keys.setKey(line.substring(0, equals), HexFormat.of().parseHex(line.substring(equals + 1)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + (i + 1) + ": the key is not hexadecimal");
            }
        }
        return keys;
    }

    /** Runs a bare server until SIGTERM; see the class comment. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Serve()).execute(args));
    }

    @Command(name = "bare-server", description = "The bare Californium/Scandium server fieldnode bench measures.")
    static final class Serve implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--psk-file", required = true, paramLabel = "FILE", description = "identity=hexkey lines")
        private Path pskFile;

        @Option(names = "--bind", defaultValue = "127.0.0.1:0", paramLabel = "ADDR:PORT", description = "UDP address")
        private String bind;

        @Override
        public Integer call() throws Exception {
            int colon = bind.lastIndexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bind expects ADDR:PORT, got " + bind);
            }
            InetSocketAddress address = new InetSocketAddress(
                    InetAddress.getByName(bind.substring(0, colon)), Integer.parseInt(bind.substring(colon + 1)));
            BareServer bare = start(address, pskFile);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                bare.close();
                                stopped.countDown();
                            },
                            "bare-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("bare: coaps=" + bare.address().getAddress().getHostAddress() + ":"
                    + bare.address().getPort() + " requests=0");
            out.flush();
            stopped.await();
            return 0;
        }
    }
}
