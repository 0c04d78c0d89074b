// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.send.SendListener;
import org.fieldnode.runtime.report.lwm2m.SensorObject;
import org.fieldnode.security.psk.PskCredential;

/**
 * Eclipse Leshan's LwM2M server in process on a free loopback port, counting every value an LwM2M Send brought: the
 * other end of {@code fieldnode demo --protocol lwm2m} (with the collector's server certificate, trusting the
 * collector's CA, knowing the demo node by its enrolled certificate, CN = node id) and of the benchmarks' LwM2M node
 * (pre-shared keys). It decodes with the node's own object models ({@code SensorObject.models()}); the node's tests
 * decode with the OMA registry's definitions instead.
 */
public final class Lwm2mDemoServer implements AutoCloseable {
    /** One value a Send carried. */
    public record Value(String endpoint, LwM2mPath path, Instant time, Object value) {}

    private final LeshanServer server;
    private final AtomicInteger received = new AtomicInteger();

    /** Knows {@code endpoint} by its certificate (CN = endpoint), issued by {@code ca}; serves {@code chain}. */
    static Lwm2mDemoServer withCertificate(
            String endpoint,
            PrivateKey key,
            List<X509Certificate> chain,
            X509Certificate ca,
            Consumer<Value> listener) {
        InMemorySecurityStore security = new InMemorySecurityStore();
        add(security, SecurityInfo.newX509CertInfo(endpoint));
        return new Lwm2mDemoServer(security, Optional.of(new Certificates(key, chain, ca)), listener);
    }

    /** Knows each endpoint of {@code keys} by its pre-shared key, with the endpoint as PSK identity. */
    public static Lwm2mDemoServer withPsk(List<PskCredential> keys, Consumer<Value> listener) {
        InMemorySecurityStore security = new InMemorySecurityStore();
        for (PskCredential psk : keys) {
            byte[] secret = psk.secret();
            add(security, SecurityInfo.newPreSharedKeyInfo(psk.identity(), psk.identity(), secret));
        }
        return new Lwm2mDemoServer(security, Optional.empty(), listener);
    }

    private record Certificates(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) {}

    private static void add(InMemorySecurityStore security, SecurityInfo info) {
        try {
            security.add(info);
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Lwm2mDemoServer(
            InMemorySecurityStore security, Optional<Certificates> certificates, Consumer<Value> listener) {
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                        new CoapsServerProtocolProvider() {
                            @Override
                            public void applyDefaultValue(Configuration configuration) {
                                super.applyDefaultValue(configuration);
                                // Never starts a handshake itself: its certificate needs serverAuth only.
                                configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
                            }
                        })
                .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS)
                .build();
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        models.addAll(SensorObject.models());
        LeshanServerBuilder builder = new LeshanServerBuilder();
        builder.setEndpointsProviders(endpoints);
        builder.setSecurityStore(security);
        builder.setObjectModelProvider(new VersionedModelProvider(models));
        certificates.ifPresent(c -> {
            builder.setPrivateKey(c.key());
            builder.setCertificateChain(c.chain().toArray(X509Certificate[]::new));
            builder.setTrustedCertificates(new X509Certificate[] {c.ca()});
        });
        server = builder.build();
        server.getSendService().addListener(new SendListener() {
            @Override
            public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
                for (Instant time : data.getTimestamps()) {
                    for (Map.Entry<LwM2mPath, LwM2mNode> e :
                            data.getNodesAt(time).entrySet()) {
                        Object value = e.getValue() instanceof LwM2mSingleResource r ? r.getValue() : e.getValue();
                        received.incrementAndGet();
                        listener.accept(new Value(registration.getEndpoint(), e.getKey(), time, value));
                    }
                }
            }

            @Override
            public void onError(Registration registration, String errorMessage, Exception error) {
                org.tinylog.Logger.warn(
                        "Demo LwM2M server: a Send from {} failed: {}", registration.getEndpoint(), errorMessage);
            }
        });
        server.start();
    }

    /** {@code coaps://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("coaps://127.0.0.1:"
                + server.getEndpoint(Protocol.COAPS).getURI().getPort());
    }

    /** How many values Sends brought since start. */
    public int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
