// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.fieldnode.protocol.Readings;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.CoapEstTransport;
import org.fieldnode.runtime.report.coap.ConfigExchange;
import org.fieldnode.runtime.report.coap.EnrolledReporter;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.bundle.BundleException;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.BundleImport;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.enrol.EnrolmentPolicy;
import org.fieldnode.security.enrol.SecurityState;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.event.TimeQuality;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.SecureFiles;
import org.fieldnode.security.store.WrappingKeySource;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * A node with an enrolled identity (SECURITY R3–R7, R31): the provisioning bundle imported into the keystore, the
 * {@link Enrolment} state machine driven on its own thread over {@link CoapEstTransport}, and a {@link Node} whose
 * reporter is an {@link EnrolledReporter} — so in BOOTSTRAP the node samples and queues but sends no reading, and
 * it reports with its certificate once enrolled, renewing it at 2/3 of its life.
 *
 * <p><b>Files in the data directory</b> (besides the node's {@code node-id}, {@code status}, {@code dtls-session},
 * {@code queue/}, {@code config-applied}; {@code install.FactoryReset} removes them all):
 *
 * <pre>
 * keystore.bcfks        the one encrypted keystore (security.store.NodeCredentials), mode 0600
 * fieldnode-bundle.txt  a provisioning bundle dropped here is imported at start; its key line is then removed
 * bundle-settings       the imported bundle without its key (collector URI, CA pin, labels), mode 0600
 * security              the security state, key=value, rewritten after every enrolment step
 * </pre>
 */
public final class EnrolledNode implements AutoCloseable {
    public static final String KEYSTORE = "keystore.bcfks";
    public static final String BUNDLE_SETTINGS = "bundle-settings";
    public static final String SECURITY_STATE = "security";
    /** The saved DTLS session (report.coap.SessionStateFile), in every node's data directory. */
    public static final String SESSION_STATE = "dtls-session";
    /** The reading queue's directory (store.DurableReadingQueue), in every node's data directory. */
    public static final String QUEUE = "queue";
    /** The desired configuration applied last (app.DesiredConfigApplier), in every node's data directory. */
    public static final String DESIRED_CONFIG = "config-applied";

    /** How long a report in BOOTSTRAP waits for the certificate, so the first batch goes right after enrolment. */
    private static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(5);

    private final Enrolment enrolment;
    private final CoapEstTransport transport;
    private final Node node;
    private final Thread driver;
    private final Path dataDir;
    private volatile boolean running = true;

    /**
     * Everything an enrolled node needs.
     *
     * @param bundle a provisioning bundle to import now; empty to use {@code dataDir/fieldnode-bundle.txt} if
     *     present, else the settings of an earlier import
     * @param readings the readings resource; empty for the bundle's collector with path {@code /r}
     * @param wrapping the keystore's wrapping key source (R9)
     */
    public record Setup(
            Profile profile,
            NodeId nodeId,
            Path dataDir,
            WrappingKeySource wrapping,
            Optional<Path> bundle,
            Optional<URI> readings,
            SenmlFormat format,
            Duration firstRetry) {
        public Setup {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(wrapping, "wrapping");
            Objects.requireNonNull(bundle, "bundle");
            Objects.requireNonNull(readings, "readings");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(firstRetry, "firstRetry");
        }
    }

    /** A bundle or keystore problem the operator must fix; the message is one line. */
    public static final class SetupException extends Exception {
        public SetupException(String message) {
            super(message);
        }
    }

    private EnrolledNode(Enrolment enrolment, CoapEstTransport transport, Node node, Path dataDir) {
        this.enrolment = enrolment;
        this.transport = transport;
        this.node = node;
        this.dataDir = dataDir;
        this.driver = new Thread(this::drive, "fieldnode-enrolment");
        driver.setDaemon(true);
    }

    /**
     * Imports the bundle (if any), starts enrolment and the node.
     *
     * @throws SetupException for a bad bundle, a keystore that does not open, or no bundle at all
     */
    public static EnrolledNode start(Setup setup, DriverRegistry drivers) throws SetupException, ProfileException {
        NodeCredentials credentials = credentials(setup.dataDir(), setup.wrapping());
        BundleSettings settings = settings(setup, credentials);
        SecurityEventLog events = SecurityEventLog.toLogger();
        SystemClockTrust clock = SystemClockTrust.system();
        CoapEstTransport transport = new CoapEstTransport(
                settings.collector(),
                () -> anchors(credentials),
                setup.profile().report().link(),
                NodeSetup.EXCHANGE_TIMEOUT,
                InstantSource.system());
        Enrolment enrolment;
        try {
            enrolment = new Enrolment(
                    setup.nodeId(),
                    credentials,
                    transport,
                    InstantSource.system(),
                    clock.forCertificates(settings.issued().orElse(Instant.EPOCH)),
                    events,
                    EnrolmentPolicy.defaults(),
                    new Random());
        } catch (KeystoreException e) {
            transport.close();
            throw new SetupException(e.getMessage());
        }
        URI readings = setup.readings().orElse(URI.create(settings.collector() + "/" + Readings.PATH));
        Node node;
        try {
            // In BOOTSTRAP the node samples and queues but sends nothing (R3): the queue in the data directory
            // outlives restarts. The start-up is the PSK node's, desired configuration included.
            node = Node.start(
                    setup.profile(),
                    setup.nodeId().value(),
                    Optional.of(setup.dataDir()),
                    setup.firstRetry(),
                    drivers,
                    exchange -> reporter(setup, credentials, enrolment, readings, exchange));
        } catch (ProfileException | RuntimeException e) {
            transport.close();
            throw e;
        }
        EnrolledNode enrolled = new EnrolledNode(enrolment, transport, node, setup.dataDir());
        Logger.info(
                "Node {} in {}: collector={} ca={} readings={}",
                setup.nodeId(),
                enrolment.state(),
                settings.collector(),
                settings.caFingerprint(),
                setup.profile().report().lwm2m().map(l -> "lwm2m " + l.server()).orElse(readings.toString()));
        enrolled.driver.start();
        return enrolled;
    }

    private static Reporter reporter(
            Setup setup,
            NodeCredentials credentials,
            Enrolment enrolment,
            URI readings,
            Optional<ConfigExchange> exchange) {
        if (setup.profile().report().lwm2m().isPresent()) {
            return Lwm2mWiring.enrolled(
                    setup.profile(),
                    setup.nodeId(),
                    enrolment::usableIdentity,
                    () -> anchors(credentials),
                    setup.format(),
                    BOOTSTRAP_WAIT);
        }
        EnrolledReporter reporter = new EnrolledReporter(
                enrolment::usableIdentity,
                () -> anchors(credentials),
                readings,
                setup.format(),
                NodeSetup.EXCHANGE_TIMEOUT,
                setup.profile().report().link(),
                Optional.of(setup.dataDir().resolve(SESSION_STATE)),
                BOOTSTRAP_WAIT);
        exchange.ifPresent(reporter::exchangeConfig);
        return reporter;
    }

    /** Opens the node's keystore in {@code dataDir} (creating an empty one). */
    public static NodeCredentials credentials(Path dataDir, WrappingKeySource wrapping) throws SetupException {
        try {
            return new NodeCredentials(EncryptedKeystore.openOrCreate(dataDir.resolve(KEYSTORE), wrapping));
        } catch (KeystoreException e) {
            throw new SetupException(e.getMessage());
        }
    }

    /** The settings of the imported bundle, if one was imported into {@code dataDir}. */
    public static Optional<BundleSettings> importedSettings(Path dataDir) throws SetupException {
        Path file = dataDir.resolve(BUNDLE_SETTINGS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BundleFormat.parse(BUNDLE_SETTINGS, Files.readAllBytes(file))
                    .settings());
        } catch (IOException | BundleException e) {
            throw new SetupException(file + ": unreadable (" + e.getMessage() + "); import the bundle again");
        }
    }

    private static BundleSettings settings(Setup setup, NodeCredentials credentials) throws SetupException {
        Path dropped = setup.dataDir().resolve(BundleFormat.FILE_NAME);
        Optional<Path> bundle =
                setup.bundle().or(() -> Files.isRegularFile(dropped) ? Optional.of(dropped) : Optional.empty());
        if (bundle.isPresent()) {
            try {
                BundleImport.Result result = BundleImport.importFile(bundle.get(), credentials, Instant.now());
                SecureFiles.writeAtomically(
                        setup.dataDir().resolve(BUNDLE_SETTINGS),
                        BundleFormat.format(result.settings(), null).getBytes(StandardCharsets.UTF_8));
                if (result.keyImported()) {
                    SecurityEventLog.toLogger()
                            .record(new SecurityEvent(
                                    Instant.now(),
                                    TimeQuality.UNSYNCHRONISED,
                                    setup.nodeId().value(),
                                    SecurityEventCode.BUNDLE_IMPORTED,
                                    "file=" + bundle.get().getFileName() + " collector="
                                            + result.settings().collector() + " ca="
                                            + result.settings().caFingerprint()));
                }
                return result.settings();
            } catch (BundleException | KeystoreException e) {
                throw new SetupException(e.getMessage());
            } catch (IOException e) {
                throw new SetupException(
                        "cannot keep the bundle settings in " + setup.dataDir() + ": " + e.getMessage());
            }
        }
        return importedSettings(setup.dataDir())
                .orElseThrow(() -> new SetupException("no provisioning bundle: give --bundle FILE or put "
                        + BundleFormat.FILE_NAME + " in " + setup.dataDir() + " (or use --psk-file for development)"));
    }

    private static Optional<TrustAnchors> anchors(NodeCredentials credentials) {
        try {
            return credentials.trustAnchors();
        } catch (KeystoreException e) {
            throw new UncheckedIOException(new IOException(e.getMessage()));
        }
    }

    private void drive() {
        while (running) {
            Duration wait = enrolment.step();
            writeState();
            try {
                Thread.sleep(Math.max(100, wait.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void writeState() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("state", enrolment.state().toString());
        values.put("updated", Instant.now().toString());
        enrolment.usableIdentity().ifPresent(id -> {
            values.put("subject", id.certificate().getSubjectX500Principal().getName());
            values.put("not_after", id.notAfter().toString());
        });
        StatusFile.writeValues(dataDir.resolve(SECURITY_STATE), values);
    }

    public Node node() {
        return node;
    }

    /** The security state (R31). */
    public SecurityState state() {
        return enrolment.state();
    }

    /** Stops sampling, drains within {@code drainTimeout}, then stops enrolment; see {@link Node#stop}. */
    public boolean stop(Duration drainTimeout) throws InterruptedException {
        boolean drained = node.stop(drainTimeout);
        close();
        return drained;
    }

    @Override
    public void close() {
        running = false;
        driver.interrupt();
        try {
            driver.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.close();
        transport.close();
        writeState();
    }
}
