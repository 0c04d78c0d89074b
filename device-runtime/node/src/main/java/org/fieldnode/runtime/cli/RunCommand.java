// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.cli.DurationConverter;
import org.fieldnode.cli.UserError;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.app.MissingDevices;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.NodeSetup;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.psk.PskFile;
import org.fieldnode.security.store.NodeIdFile;
import org.fieldnode.security.store.WrappingKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fieldnode run}: the node's main job, until stopped (SIGTERM, Ctrl-C) or for {@code --duration}. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the node: sample the profile's sensors and report every reading to the collector.",
            "With a provisioning bundle (--bundle, or fieldnode-bundle.txt in the data directory) the node enrols:",
            "it samples and queues but sends nothing until the collector's CA has issued its certificate, then",
            "reports over certificate-authenticated DTLS. --psk-file runs the development mode instead.",
            "Stops on SIGTERM or Ctrl-C, or after --duration, delivering what it can within --drain-timeout.",
            "Exit code 1 when the queue did not drain, or when a --duration run sampled nothing (with why);",
            "75 when an over-the-air update asks for a restart (the service manager starts it again)."
        })
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-p", "--profile"},
            required = true,
            paramLabel = "PROFILE",
            description = "A profile file, or the name of a built-in profile such as simulated-weather-station.")
    private String profileName;

    @Option(
            names = "--collector",
            paramLabel = "URI",
            description = "The collector, coaps://HOST[:PORT]/PATH (default: report.collector of the profile).")
    private URI collector;

    @Option(
            names = "--psk-file",
            paramLabel = "FILE",
            description = "The node's DTLS pre-shared key: identity=<text> and key=<hex>, mode 0600"
                    + " (default: report.psk-file of the profile).")
    private Path pskFile;

    @Option(
            names = "--bundle",
            paramLabel = "FILE",
            description = "A provisioning bundle from 'fieldnode collector enrolment issue': imported into the keystore"
                    + " (its key line is then removed from the file), then the node enrols.")
    private Path bundle;

    @Option(
            names = "--wrapping-key",
            paramLabel = "FILE",
            defaultValue = "${FIELDNODE_WRAPPING_KEY:-" + WrappingKeyFile.DEFAULT_PATH + "}",
            description = "The keystore's wrapping key, 32 bytes, mode 0600; created when missing"
                    + " (default: ${DEFAULT-VALUE}).")
    private Path wrappingKey;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${FIELDNODE_DATA_DIR:-${sys:user.home}/.fieldnode}",
            description = "Where the node keeps its state, such as its node id (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 10m (default: run until stopped).")
    private Duration duration;

    @Option(
            names = "--drain-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "On stop, how long to keep delivering queued readings before exiting (default:"
                    + " ${DEFAULT-VALUE}); what is left stays queued for the next start.")
    private Duration drainTimeout;

    private final AtomicBoolean summarised = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile = drivers.profileLoader().load(profileName);
        requireNoOtherNode(dataDir);
        Optional<String> missing = MissingDevices.on(profile);
        if (missing.isPresent()) {
            throw new UserError(missing.get());
        }
        if (bundle != null && pskFile != null) {
            throw new UserError("give either --bundle (enrolment) or --psk-file (development), not both");
        }
        boolean enrol = bundle != null
                || (pskFile == null
                        && (Files.isRegularFile(dataDir.resolve(BundleFormat.FILE_NAME))
                                || Files.isRegularFile(dataDir.resolve(EnrolledNode.BUNDLE_SETTINGS))));
        if (enrol) {
            return runEnrolled(profile, drivers);
        }
        if (collector != null && profile.report().lwm2m().isPresent()) {
            throw new UserError("--collector is for a fieldnode collector; " + profile.source()
                    + " reports to the LwM2M server in report.server");
        }
        // An LwM2M node's setup names its server as the target (checked with the profile; an LwM2M server URI has
        // no path); the LwM2M transport reads it from the profile.
        URI target;
        if (profile.report().lwm2m().isPresent()) {
            target = profile.report().lwm2m().get().server();
        } else {
            target = collector != null
                    ? collector
                    : profile.report()
                            .collector()
                            .orElseThrow(() -> new UserError(
                                    "no collector: give --collector coaps://HOST:PORT/r or set report.collector in "
                                            + profile.source()));
            requireCollectorUri(target);
        }
        Path keyFile = pskFile != null
                ? pskFile
                : profile.report()
                        .pskFile()
                        .orElseThrow(
                                () -> new UserError("no pre-shared key: give --psk-file FILE or set report.psk-file in "
                                        + profile.source()));
        PskCredential psk;
        try {
            psk = PskFile.read(keyFile);
        } catch (PskFile.PskFileException e) {
            throw new UserError(e.getMessage());
        }
        NodeId nodeId;
        try {
            nodeId = NodeIdFile.loadOrCreate(dataDir.resolve(NodeIdFile.NAME));
        } catch (IOException e) {
            throw new UserError("cannot keep the node id in " + dataDir + ": " + e.getMessage());
        }
        SenmlFormat format = SenmlFormat.valueOf(profile.report().format().toUpperCase(Locale.ROOT));
        return runUntilStopped(
                new NodeSetup(profile, nodeId, target, psk, format, NodeSetup.FIRST_RETRY, Optional.of(dataDir)),
                drivers);
    }

    /**
     * One node per data directory: a second one would share its queue, keystore and session (issue 15: it failed with
     * a stack trace). Judged by the status file a running node rewrites every few seconds, with its process alive.
     */
    static void requireNoOtherNode(Path dataDir) throws UserError, IOException {
        Optional<Map<String, String>> status = StatusFile.read(dataDir);
        if (status.isEmpty() || !StatusFile.isLive(status.get(), Instant.now(), 30)) {
            return;
        }
        String pid = status.get().getOrDefault("pid", "?");
        if (!pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            throw new UserError("another node runs on " + dataDir + " (pid " + pid + "); stop it first, or give this"
                    + " one its own --data-dir");
        }
    }

    /** The collector's URI as the reporter needs it, or one sentence saying what is missing (exit 2). */
    private static void requireCollectorUri(URI uri) throws UserError {
        String expected = "the collector must be coaps://HOST[:PORT]/PATH, e.g. coaps://collector.example/r";
        if (!"coaps".equalsIgnoreCase(uri.getScheme())) {
            throw new UserError(expected + ", got '" + uri + "': readings travel only over DTLS");
        }
        if (uri.getHost() == null) {
            throw new UserError(expected + ", got '" + uri + "': no host");
        }
        if (uri.getRawPath() == null || uri.getRawPath().length() <= 1) {
            throw new UserError(expected + ", got '" + uri + "': no resource path (the collector's is /r)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UserError(expected + ", got '" + uri + "': no query or fragment (the node adds s=<sequence>)");
        }
    }

    private int runEnrolled(Profile profile, DriverRegistry drivers) throws Exception {
        if (collector != null) {
            requireCollectorUri(collector);
        }
        if (bundle != null && !Files.isRegularFile(bundle)) {
            throw new UserError("--bundle " + bundle + ": no such file");
        }
        NodeId nodeId;
        try {
            nodeId = NodeIdFile.loadOrCreate(dataDir.resolve(NodeIdFile.NAME));
        } catch (IOException e) {
            throw new UserError("cannot keep the node id in " + dataDir + ": " + e.getMessage());
        }
        SenmlFormat format = SenmlFormat.valueOf(profile.report().format().toUpperCase(Locale.ROOT));
        EnrolledNode node;
        try {
            node = EnrolledNode.start(
                    new EnrolledNode.Setup(
                            profile,
                            nodeId,
                            dataDir,
                            new WrappingKeyFile(wrappingKey),
                            Optional.ofNullable(bundle),
                            Optional.ofNullable(collector),
                            format,
                            NodeSetup.FIRST_RETRY),
                    drivers);
        } catch (EnrolledNode.SetupException e) {
            throw new UserError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        node.node().onRestart(stopped::countDown);
        Thread hook = new Thread(
                () -> {
                    try {
                        node.stop(drainTimeout);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    summarise("run: node=" + nodeId + " security=" + node.state() + " "
                            + node.node().stats().keyValues());
                    stopped.countDown();
                },
                "fieldnode-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (duration != null) {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stopped.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM or Ctrl-C: the hook has stopped the node.
        }
        boolean drained = node.stop(drainTimeout);
        summarise("run: node=" + nodeId + " security=" + node.state() + " "
                + node.node().stats().keyValues());
        return node.node().restartAsked() ? Node.RESTART_EXIT_CODE : exitCode(node.node(), drained);
    }

    /**
     * 0 when the run delivered what it could; 1 when its queue did not drain, or when a {@code --duration} run sampled
     * nothing at all (issue 15: a node whose every sensor fails must not look like a good run to a script), with one
     * line saying why.
     */
    private int exitCode(Node node, boolean drained) {
        if (duration != null && node.stats().sampled() == 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("fieldnode run: sampled nothing in " + Intervals.format(duration) + ": "
                    + node.whyNothingSampled());
            err.flush();
            return Main.EXIT_FAILURE;
        }
        return drained ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private int runUntilStopped(NodeSetup setup, DriverRegistry drivers) throws ProfileException, InterruptedException {
        Node node = Node.start(setup, drivers);
        CountDownLatch stopped = new CountDownLatch(1);
        node.onRestart(stopped::countDown);
        Thread hook = new Thread(
                () -> {
                    stopQuietly(node, drainTimeout);
                    summarise("run: node=" + node.nodeId() + " " + node.stats().keyValues());
                    stopped.countDown();
                },
                "fieldnode-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (duration != null) {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stopped.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM or Ctrl-C: the hook has stopped the node; report what it did.
        }
        boolean drained = node.stop(drainTimeout);
        summarise("run: node=" + node.nodeId() + " " + node.stats().keyValues());
        return node.restartAsked() ? Node.RESTART_EXIT_CODE : exitCode(node, drained);
    }

    /**
     * Prints the run's summary line once: from the shutdown hook on SIGTERM or Ctrl-C (the JVM ends when the hooks
     * have, so the main thread may never get to print it; issue 15), else at the end of the run.
     */
    private void summarise(String line) {
        if (summarised.compareAndSet(false, true)) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(line);
            out.flush();
        }
    }

    private static void stopQuietly(Node node, Duration drainTimeout) {
        try {
            node.stop(drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
