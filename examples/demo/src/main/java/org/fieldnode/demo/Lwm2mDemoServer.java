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

/**
 * The other end of {@code fieldnode demo --protocol lwm2m}: Eclipse Leshan's LwM2M server in process on a free
 * loopback port, with the collector's server certificate, trusting the collector's CA, and knowing one endpoint:
 * the demo node, by its enrolled certificate (CN = node id). It counts every value an LwM2M Send brought.
 */
final class Lwm2mDemoServer implements AutoCloseable {
    /** One value a Send carried. */
    record Value(String endpoint, LwM2mPath path, Instant time, Object value) {}

    private final LeshanServer server;
    private final AtomicInteger received = new AtomicInteger();

    Lwm2mDemoServer(
            String endpoint,
            PrivateKey key,
            List<X509Certificate> chain,
            X509Certificate ca,
            Consumer<Value> listener) {
        InMemorySecurityStore security = new InMemorySecurityStore();
        try {
            security.add(SecurityInfo.newX509CertInfo(endpoint));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalStateException(e);
        }
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
        builder.setPrivateKey(key);
        builder.setCertificateChain(chain.toArray(X509Certificate[]::new));
        builder.setTrustedCertificates(new X509Certificate[] {ca});
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
    URI uri() {
        return URI.create("coaps://127.0.0.1:"
                + server.getEndpoint(Protocol.COAPS).getURI().getPort());
    }

    /** How many values Sends brought since start. */
    int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
