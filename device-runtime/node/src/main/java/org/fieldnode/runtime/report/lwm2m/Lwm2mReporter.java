// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.send.DataSender;
import org.eclipse.leshan.client.send.DataSenderManager;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.CertificateUsage;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.request.exception.RequestRejectedException;
import org.eclipse.leshan.core.request.exception.SendFailedException;
import org.eclipse.leshan.core.response.SendResponse;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.ReportResult.Cause;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.ClientConfiguration;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CollectorConnector;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.runtime.report.coap.OutcomeReasons;
import org.fieldnode.security.retry.Backoff;
import org.tinylog.Logger;

/**
 * Reports to an OMA LwM2M 1.1 server (Leshan, ThingsBoard, Coiote, an operator's platform) as an LwM2M client built
 * on Eclipse Leshan, over the node's own DTLS client ({@link ServerConnections}).
 *
 * <p><b>Readings.</b> Each batch the delivery loop takes from the queue is one LwM2M 1.1 Send (OMA-TS-LightweightM2M
 * _Core 1.1 §6.4.2, a confirmable POST to {@code /dp}) of SenML-CBOR (RFC 8428, content-format 112) records, each the
 * Sensor Value (5700) of the series' instance at the reading's own time: {@code /3303/0/5700} at {@code bt}. The batch
 * leaves the queue only when the server answers 2.04, so what the delivery loop promises for the collector holds
 * here: nothing is lost, a backlog drains with the same pacing and back-off. A batch is cut to fit {@value
 * #MAX_PAYLOAD_BYTES} bytes of payload ({@link #fittingReadings}). LwM2M has no sequence numbers: a Send the server
 * stored but whose answer was lost is sent again, and a platform that must not count it twice keys values by
 * endpoint, path and time.
 *
 * <p><b>Latest values.</b> What the node samples updates its objects at once ({@link #sampled}): the server can read
 * and observe every series ({@link SensorObject}, with {@code pmin}/{@code pmax} and the other notification
 * attributes), the Device object (3) and Connectivity Monitoring (4) where the link is known.
 *
 * <p><b>Registration.</b> The client registers at the first report (after the delivery loop's random start delay)
 * with the profile's lifetime, updates the registration before it runs out, and deregisters on {@link #close()}. While
 * it is not registered nothing is sent and each report says why; a report finds the registration failed and starts
 * it again, so registration attempts follow the delivery loop's back-off with jitter (SECURITY R38). A server that
 * refuses a Send with 4.xx is asked to update the registration first (a restarted server forgot the node): only a
 * batch it refuses again after registering the node again is dropped as {@link ReportResult.Rejected}.
 *
 * <p>Meant to be called from one delivery thread; {@link #sampled} comes from the sampling threads and {@link
 * #close()} may come from any thread.
 */
public final class Lwm2mReporter implements Reporter {
    /** The payload limit of a Send: the CoAP reporter's, for the same reason (RFC 7252 §4.6). */
    public static final int MAX_PAYLOAD_BYTES = CoapReporter.MAX_PAYLOAD_BYTES;

    /** The code of a {@link ReportResult.Rejected} for a batch that cannot be written as LwM2M values. */
    public static final String LOCAL_REJECTION = CoapReporter.LOCAL_REJECTION;

    /** The Short Server ID of the one server (LwM2M 1.1 object 1, resource 0). */
    private static final int SHORT_SERVER_ID = 1;

    private final Lwm2mSettings settings;
    private final NodeObjects objects;
    private final ServerConnections connections;
    private final RegistrationState state;
    private final QueueSender sender = new QueueSender();
    private final LwM2mEncoder encoder = new DefaultLwM2mEncoder();
    private final ContentFormat format;
    private final LeshanClient client;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean started;
    private long refusedSequence = -1;
    private long refusedAtRegistration;
    private volatile Encoded lastEncoded;

    /** Builds the client; nothing is sent before the first report. */
    public Lwm2mReporter(Lwm2mSettings settings) {
        this(settings, Path.of("/"), InstantSource.system());
    }

    /**
     * @param root the file-system root for the link's sysfs and procfs files (a fake tree in tests)
     * @param clock the Device object's current time
     */
    Lwm2mReporter(Lwm2mSettings settings, Path root, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.format = settings.format() == SenmlFormat.JSON ? ContentFormat.SENML_JSON : ContentFormat.SENML_CBOR;
        this.connections = new ServerConnections(settings.credentials(), clock);
        this.state = new RegistrationState(
                address(), settings.credentials(), settings.exchangeTimeout(), connections::lastExchange);
        InetSocketAddress server = new InetSocketAddress(settings.server().getHost(), settings.serverPort());
        this.objects = new NodeObjects(
                new DeviceInstance(settings.device(), clock),
                server.isUnresolved()
                        ? Optional.empty()
                        : CollectorConnector.routeSource(server)
                                .flatMap(local -> ConnectivityInstance.forAddress(root, local)));

        ObjectsInitializer initializer = new ObjectsInitializer(objects.model());
        initializer.setInstancesForObject(LwM2mId.SECURITY, security(settings));
        if (settings.bootstrap()) {
            initializer.setClassForObject(LwM2mId.SERVER, Server.class); // the bootstrap server writes it
        } else {
            initializer.setInstancesForObject(
                    LwM2mId.SERVER,
                    new Server(
                            SHORT_SERVER_ID,
                            settings.lifetime().toSeconds(),
                            EnumSet.of(BindingMode.U),
                            false,
                            BindingMode.U));
        }

        CaliforniumClientEndpointsProvider.Builder endpoints =
                new CaliforniumClientEndpointsProvider.Builder(connections);
        endpoints.setConfiguration(ClientConfiguration.coap(settings.link(), settings.credentials()));
        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory();
        long timeout = settings.exchangeTimeout().toMillis();
        engine.setRequestTimeoutInMs(timeout);
        engine.setDeregistrationTimeoutInMs(
                Math.min(timeout, Duration.ofSeconds(5).toMillis()));
        engine.setBootstrapSessionTimeoutInSec(
                (int) Math.max(1, settings.exchangeTimeout().toSeconds()));
        // While no report comes to start it again, Leshan retries a failed registration on its own: after the delivery
        // back-off's longest wait, jittered, so a village's nodes do not retry in step (R38).
        engine.setRetryWaitingTimeInMs((int) Backoff.DELIVERY
                .delay(Integer.MAX_VALUE, ThreadLocalRandom.current())
                .toMillis());
        engine.setPreferredContentFormat(format);

        LeshanClientBuilder builder = new LeshanClientBuilder(settings.endpoint());
        builder.setObjects(objects.enablers(initializer));
        builder.setEndpointsProviders(endpoints.build());
        builder.setRegistrationEngineFactory(engine);
        builder.setDataSenders(sender);
        builder.setEncoder(encoder);
        this.client = builder.build();
        client.addObserver(state);
        Logger.info(
                "Reporting to the LwM2M {}server {} as endpoint {} with {}",
                settings.bootstrap() ? "bootstrap " : "",
                settings.server(),
                settings.endpoint(),
                settings.credentials().describe());
    }

    /** The Security object's instance: the server and the node's credential (LwM2M 1.1 object 0). */
    private static Security security(Lwm2mSettings settings) {
        String uri = "coaps://" + settings.server().getHost() + ":" + settings.serverPort();
        return switch (settings.credentials()) {
            case DtlsCredentials.Psk psk -> {
                byte[] identity = psk.psk().identity().getBytes(StandardCharsets.UTF_8);
                byte[] secret = psk.psk().secret();
                try {
                    yield settings.bootstrap()
                            ? Security.pskBootstrap(uri, identity, secret)
                            : Security.psk(uri, SHORT_SERVER_ID, identity, secret);
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            case DtlsCredentials.Certificate certificate -> {
                // Leshan wants the Security object complete; the DTLS client takes the key from the identity itself
                // (ServerConnections), and the server's chain is checked against the pinned anchors, which the
                // Certificate Usage "CA constraint" (RFC 6698 §2.1.1 usage 0) names.
                byte[] key = certificate.identity().privateKey().getEncoded();
                try {
                    byte[] leaf = certificate.identity().certificate().getEncoded();
                    byte[] anchor = certificate
                            .anchors()
                            .anchor()
                            .orElseThrow(() -> new IllegalArgumentException("no pinned trust anchor"))
                            .getEncoded();
                    yield settings.bootstrap()
                            ? Security.x509Bootstrap(uri, leaf, key, anchor, CertificateUsage.CA_CONSTRAINT.code)
                            : Security.x509(
                                    uri, SHORT_SERVER_ID, leaf, key, anchor, CertificateUsage.CA_CONSTRAINT.code);
                } catch (CertificateEncodingException e) {
                    throw new IllegalArgumentException("the node's certificate cannot be encoded: " + e.getMessage());
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
        };
    }

    @Override
    public void sampled(List<Reading> readings) {
        objects.offer(readings);
    }

    /**
     * Sends {@code batch} as one LwM2M Send and waits for the answer, registering first when the node is not
     * registered.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public ReportResult report(Batch batch) throws InterruptedException {
        Objects.requireNonNull(batch, "batch");
        if (closed.get()) {
            throw new IllegalStateException("reporter to " + settings.server() + " is closed");
        }
        long sequence = batch.sequence();
        TimestampedLwM2mNodes nodes;
        try {
            nodes = nodes(batch.readings());
        } catch (IllegalArgumentException e) {
            return new ReportResult.Rejected(
                    sequence, LOCAL_REJECTION, "cannot send as LwM2M values: " + e.getMessage());
        }
        Optional<LwM2mServer> server = registered();
        if (server.isEmpty()) {
            RegistrationState.Failure failure = state.failure();
            return failure == null
                    ? new ReportResult.Unreachable(sequence, "not registered with the LwM2M server at " + address())
                    : new ReportResult.Unreachable(sequence, failure.reason(), failure.cause());
        }
        SendResponse response;
        try {
            response = sender.manager()
                    .sendData(
                            server.get(),
                            format,
                            nodes,
                            settings.exchangeTimeout().toMillis());
        } catch (SendFailedException | RequestRejectedException | RequestCanceledException | CodecException e) {
            return failed(sequence, e);
        } catch (RuntimeException e) {
            return failed(sequence, e);
        }
        if (response == null) {
            // No answer: the server may have lost our session (a restart). Resume, or handshake anew, next time.
            connections.current().ifPresent(CollectorConnector::forceResumeAllSessions);
            return connections
                    .lastExchange()
                    .map(watch -> OutcomeReasons.deadlinePassed(
                            sequence,
                            watch,
                            settings.exchangeTimeout(),
                            address(),
                            "LwM2M server",
                            settings.credentials()))
                    .orElseGet(() -> new ReportResult.Unreachable(
                            sequence, "no answer from the LwM2M server at " + address(), Cause.NO_ANSWER));
        }
        if (response.isSuccess()) {
            Logger.debug(
                    "Batch {} ({} readings) acknowledged by the LwM2M server",
                    sequence,
                    batch.readings().size());
            return new ReportResult.Acknowledged(sequence);
        }
        return refused(sequence, response.getCode(), OutcomeReasons.neutralise(response.getErrorMessage()));
    }

    /** The server answered 4.xx or 5.xx. */
    private ReportResult refused(long sequence, ResponseCode code, String diagnostic) {
        String answer = "the LwM2M server at " + address() + " answered " + codeText(code) + " " + code.getName()
                + (diagnostic.isEmpty() ? "" : " (" + diagnostic + ")");
        if (code.isServerError()) {
            return new ReportResult.Unreachable(
                    sequence, answer, code.getCode() == 503 ? Cause.COLLECTOR_BUSY : Cause.COLLECTOR_ERROR);
        }
        long registrations = state.registrations();
        synchronized (this) {
            if (refusedSequence == sequence && registrations > refusedAtRegistration) {
                return new ReportResult.Rejected(sequence, codeText(code), diagnostic);
            }
            refusedSequence = sequence;
            refusedAtRegistration = registrations;
        }
        // Perhaps the server forgot the registration (a restart): update it (Leshan registers again when the
        // server does not know it) and send this batch again; refused again after that, it is dropped.
        state.forgotten(answer + "; registering again");
        client.triggerRegistrationUpdate();
        return new ReportResult.Unreachable(sequence, answer + "; registering again", Cause.COLLECTOR_ERROR);
    }

    private ReportResult.Unreachable failed(long sequence, Exception e) {
        return OutcomeReasons.handshakeFailure(sequence, e, address(), "LwM2M server", settings.credentials())
                .orElseGet(() -> new ReportResult.Unreachable(
                        sequence,
                        "sending to the LwM2M server at " + address() + " failed: "
                                + e.getClass().getSimpleName() + ": "
                                + OutcomeReasons.neutralise(String.valueOf(e.getMessage()))));
    }

    /**
     * The server the node is registered with; when it is not, starts the client (the first time) or a new
     * registration (when the last one failed), and waits for it.
     */
    private Optional<LwM2mServer> registered() throws InterruptedException {
        Optional<LwM2mServer> server = state.registered();
        if (server.isPresent()) {
            return server;
        }
        long mark = state.events();
        synchronized (this) {
            if (closed.get()) {
                return Optional.empty();
            }
            if (!started || !state.underWay()) {
                try {
                    client.start(); // the engine stops what it was doing and registers (or bootstraps) at once
                    started = true;
                } catch (IllegalStateException e) {
                    Logger.debug("LwM2M client did not start: {}", e.getMessage());
                    return Optional.empty();
                }
            }
        }
        // A registration may make two attempts, the second after a new handshake (Leshan's registerWithRetry).
        return state.awaitRegistered(settings.exchangeTimeout().multipliedBy(2).plusSeconds(1), mark);
    }

    /** The longest prefix of {@code batch} that is one Send: no series twice at one time, at most the payload limit. */
    @Override
    public int fittingReadings(Batch batch) {
        List<Reading> readings = batch.readings();
        int distinct = distinctPrefix(readings);
        if (encodedSize(readings.subList(0, distinct)) <= MAX_PAYLOAD_BYTES) {
            return distinct;
        }
        int low = 1;
        int high = distinct;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (encodedSize(readings.subList(0, mid)) <= MAX_PAYLOAD_BYTES) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** How many readings from the head name no series twice at one time (SenML cannot tell them apart). */
    private int distinctPrefix(List<Reading> readings) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            if (!seen.add(r.seriesName() + "@" + r.observedAt())) {
                return Math.max(1, i);
            }
        }
        return readings.size();
    }

    private int encodedSize(List<Reading> readings) {
        Encoded last = lastEncoded;
        if (last != null && last.readings().equals(readings)) {
            return last.size();
        }
        try {
            int size = encoder.encodeTimestampedNodes(nodes(readings), format, objects.model()).length;
            lastEncoded = new Encoded(List.copyOf(readings), size);
            return size;
        } catch (IllegalArgumentException | CodecException e) {
            return 0; // report() refuses it with a clear reason; size is not the problem
        }
    }

    private record Encoded(List<Reading> readings, int size) {}

    /** The readings as Sensor Values at their own times. */
    private TimestampedLwM2mNodes nodes(List<Reading> readings) {
        TimestampedLwM2mNodes.Builder nodes = TimestampedLwM2mNodes.builder();
        for (Reading reading : readings) {
            LwM2mPath path = objects.valuePath(reading);
            nodes.put(
                    reading.observedAt(),
                    path,
                    LwM2mSingleResource.newFloatResource(SensorObject.SENSOR_VALUE, reading.value()));
        }
        return nodes.build();
    }

    /** Deregisters (when registered) and stops every thread the client started. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            client.destroy(started);
            Logger.info("Stopped reporting to the LwM2M server {}", settings.server());
        }
    }

    private String address() {
        return settings.server().getHost() + ":" + settings.serverPort();
    }

    /** A response code as CoAP writes it, e.g. {@code 4.00}. */
    static String codeText(ResponseCode code) {
        int detail = code.getCode() % 100;
        return code.getCode() / 100 + "." + (detail < 10 ? "0" : "") + detail;
    }

    @Override
    public String toString() {
        return "Lwm2mReporter[" + settings.server() + " as " + settings.endpoint() + (closed.get() ? ", closed]" : "]");
    }

    /** Leshan's hook to send timestamped values: the delivery loop decides what and when. */
    private static final class QueueSender implements DataSender {
        private volatile DataSenderManager manager;

        @Override
        public void setDataSenderManager(DataSenderManager manager) {
            this.manager = manager;
        }

        DataSenderManager manager() {
            return manager;
        }

        @Override
        public String getName() {
            return "fieldnode-queue";
        }
    }
}
