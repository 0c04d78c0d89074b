// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.send.SendListener;

/**
 * Eclipse Leshan's LwM2M server (leshan-server-cf, the same version as the node's client) in process on loopback,
 * for the LwM2M transport's tests. It knows the objects from the OMA registry's own definitions (test resources
 * {@code oma-models/}), not from the node's {@link SensorObject} models, and records every value a Send brought.
 */
final class LeshanTestServer implements AutoCloseable {
    /** One value a Send carried. */
    record Received(String endpoint, LwM2mPath path, Instant time, Object value) {}

    /** One notification of an observed resource, with when it arrived (System.nanoTime). */
    record Notification(LwM2mPath path, Object value, long arrivedNanos) {}

    private final InMemorySecurityStore security = new InMemorySecurityStore();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> sendErrors = new CopyOnWriteArrayList<>();
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private PrivateKey key;
    private X509Certificate[] chain;
    private X509Certificate[] trusted;
    private LeshanServer server;
    private int port;

    /** The OMA registry's models: Leshan's core objects and the IPSO objects of {@code oma-models/}. */
    static List<ObjectModel> omaModels() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        String[] files = new String[SensorObject.values().length];
        for (int i = 0; i < files.length; i++) {
            files[i] = SensorObject.values()[i].id() + ".xml";
        }
        try {
            models.addAll(ObjectLoader.loadDdfResources("/oma-models/", files));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the OMA models: " + e, e);
        }
        return models;
    }

    /** Allows {@code endpoint} with a pre-shared key. */
    LeshanTestServer psk(String endpoint, String identity, byte[] secret) {
        try {
            security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, secret));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Allows {@code endpoint} with a certificate whose CN is the endpoint, issued by one of {@code trusted}. */
    LeshanTestServer x509(String endpoint, PrivateKey serverKey, X509Certificate[] serverChain, X509Certificate... ca) {
        try {
            security.add(SecurityInfo.newX509CertInfo(endpoint));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalStateException(e);
        }
        this.key = serverKey;
        this.chain = serverChain;
        this.trusted = ca;
        return this;
    }

    /** Starts on an ephemeral loopback port, or on the port it had before a {@link #stop()}. */
    synchronized LeshanTestServer start() {
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                        new CoapsServerProtocolProvider() {
                            @Override
                            public void applyDefaultValue(Configuration configuration) {
                                super.applyDefaultValue(configuration);
                                // A server that never starts handshakes itself, so its certificate needs serverAuth
                                // only.
                                configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
                            }
                        })
                .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Protocol.COAPS)
                .build();
        LeshanServerBuilder builder = new LeshanServerBuilder();
        builder.setEndpointsProviders(endpoints);
        builder.setSecurityStore(security);
        builder.setObjectModelProvider(new VersionedModelProvider(omaModels()));
        if (key != null) {
            builder.setPrivateKey(key);
            builder.setCertificateChain(chain);
            builder.setTrustedCertificates(trusted);
        }
        server = builder.build();
        server.getSendService().addListener(new SendListener() {
            @Override
            public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
                for (Instant time : data.getTimestamps()) {
                    for (Map.Entry<LwM2mPath, LwM2mNode> e :
                            data.getNodesAt(time).entrySet()) {
                        Object value = e.getValue() instanceof LwM2mSingleResource r ? r.getValue() : e.getValue();
                        received.add(new Received(registration.getEndpoint(), e.getKey(), time, value));
                    }
                }
            }

            @Override
            public void onError(Registration registration, String errorMessage, Exception error) {
                sendErrors.add(errorMessage);
            }
        });
        server.getObservationService().addListener(new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {}

            @Override
            public void cancelled(Observation observation) {}

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                Object value = response.getContent() instanceof LwM2mSingleResource r ? r.getValue() : null;
                notifications.add(new Notification(observation.getPath(), value, System.nanoTime()));
            }

            @Override
            public void onResponse(
                    CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {}

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {}
        });
        server.start();
        port = server.getEndpoint(Protocol.COAPS).getURI().getPort();
        return this;
    }

    /** Stops and forgets every registration and DTLS session, as a crash would; {@link #start()} comes back empty. */
    synchronized void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    URI uri() {
        return URI.create("coaps://127.0.0.1:" + port);
    }

    LeshanServer server() {
        return server;
    }

    Optional<Registration> registration(String endpoint) {
        return Optional.ofNullable(server.getRegistrationService().getByEndpoint(endpoint));
    }

    /** Every value received since start, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Every notification of an observation since start, in arrival order (not the observe response itself). */
    List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    List<String> sendErrors() {
        return List.copyOf(sendErrors);
    }

    @Override
    public void close() {
        stop();
    }

    /** Waits for {@code condition}, at most {@code timeout}; true when it holds. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
