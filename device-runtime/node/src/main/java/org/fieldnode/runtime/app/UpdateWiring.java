// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.EnrolledReporter;
import org.fieldnode.runtime.update.ReleaseSource;
import org.fieldnode.runtime.update.Slots;
import org.fieldnode.runtime.update.UpdateAgent;
import org.fieldnode.runtime.update.UpdateAgent.Health;
import org.fieldnode.runtime.update.UpdateKeyFiles;
import org.fieldnode.security.event.SecurityEventLog;
import org.tinylog.Logger;

/**
 * Over-the-air updates in a running node (issue 16, UPDATES.md §5): the {@link UpdateAgent} gets the release the
 * desired configuration names, fetches it from the collector over the reporter's session, installs it in the
 * inactive slot and ends the process with {@link #RESTART_EXIT_CODE}, so that the service manager starts the
 * launcher again, which runs the new slot on trial. On a trial start this class watches the health conditions
 * (started, sensors opened, a report acknowledged) and hands each to the agent, which confirms the release or, when
 * the bound passes first, records the failure and restarts (the launcher then runs the previous slot).
 *
 * <p>Only in the packaged layout: the launcher's slots in {@code DATA/app} and the pinned update key ({@code
 * /etc/fieldnode/update-key.pub}, root-owned, else {@code DATA/update-key.pub} where there is no system key, as in a
 * source checkout). Without them the node logs once and never
 * checks for updates.
 */
final class UpdateWiring implements AutoCloseable {
    /**
     * The exit code of a restart asked for by an update (sysexits.h EX_TEMPFAIL): not 0 and not 2, so systemd's
     * {@code Restart=on-failure} with {@code RestartPreventExitStatus=2} starts the service again.
     */
    static final int RESTART_EXIT_CODE = 75;

    /** How long a trial start may take to pass its health check, unless {@code -Dfieldnode.update.health-bound}. */
    static final Duration DEFAULT_HEALTH_BOUND = Duration.ofMinutes(5);

    static final Path SYSTEM_KEY = Path.of("/etc/fieldnode/update-key.pub");

    /**
     * How long a trial may take, and how the node restarts: by default {@link Node#askRestart()}, which ends {@code
     * fieldnode run} with {@link #RESTART_EXIT_CODE}; tests may restart otherwise.
     */
    record Settings(Optional<Runnable> restart, Duration healthBound) {
        static Settings system() {
            String property = System.getProperty("fieldnode.update.health-bound");
            return new Settings(Optional.empty(), property == null ? DEFAULT_HEALTH_BOUND : Duration.parse(property));
        }
    }

    private final UpdateAgent agent;
    private final ScheduledExecutorService watch;
    private final Set<Health> seen = EnumSet.noneOf(Health.class);

    private UpdateWiring(UpdateAgent agent, ScheduledExecutorService watch) {
        this.agent = agent;
        this.watch = watch;
    }

    /**
     * Starts updates for {@code node} when it runs in the packaged layout and reports over CoAP; empty otherwise.
     */
    static Optional<UpdateWiring> attach(
            Node node, DesiredConfigApplier twin, Reporter reporter, Path dataDir, String nodeId, Settings settings) {
        Path slotsRoot = dataDir.resolve("app");
        Optional<Path> key = pinnedKey(dataDir);
        Optional<ReleaseSource> source = sourceOf(reporter);
        if (!Files.isDirectory(slotsRoot) || key.isEmpty() || source.isEmpty()) {
            Logger.info(
                    "Over-the-air updates need the packaged layout (the launcher's slots in {} and the pinned update"
                            + " key {} or {}) and a CoAP collector; this node does not check for updates",
                    slotsRoot,
                    SYSTEM_KEY,
                    dataDir.resolve("update-key.pub"));
            return Optional.empty();
        }
        try {
            UpdateAgent agent = new UpdateAgent(
                    dataDir,
                    new Slots(slotsRoot, Slots.runningRelease()),
                    UpdateKeyFiles.readPublic(key.get()),
                    SecurityEventLog.toLogger(),
                    nodeId,
                    settings.restart().orElse(node::askRestart),
                    settings.healthBound(),
                    () -> dataDir.toFile().getUsableSpace(),
                    UpdateAgent.DEFAULT_RESERVE_BYTES,
                    Clock.systemUTC());
            agent.source(source.get());
            boolean trial = agent.startup();
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fieldnode-update-health");
                t.setDaemon(true);
                return t;
            });
            UpdateWiring wiring = new UpdateWiring(agent, watch);
            if (trial) {
                wiring.watchHealth(node);
            }
            twin.attach(agent);
            Logger.info("Over-the-air updates on: installed release {}", agent.installed());
            return Optional.of(wiring);
        } catch (IOException | RuntimeException e) {
            Logger.error("Over-the-air updates are off: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Polls the node's figures each second until every health condition was met once. */
    private void watchHealth(Node node) {
        AtomicBoolean done = new AtomicBoolean();
        watch.scheduleWithFixedDelay(
                () -> {
                    if (done.get()) {
                        return;
                    }
                    NodeStats s = node.stats();
                    see(Health.STARTED);
                    if (s.sampled() > 0 && s.failingSensors().isEmpty()) {
                        see(Health.SENSORS_OPENED);
                    }
                    if (s.acknowledged() > 0) {
                        see(Health.REPORT_ACKNOWLEDGED);
                    }
                    if (seen.size() == Health.values().length) {
                        done.set(true);
                    }
                },
                0,
                1,
                TimeUnit.SECONDS);
    }

    private void see(Health condition) {
        if (seen.add(condition)) {
            Logger.info("Trial health check: {}", condition.name().toLowerCase().replace('_', '-'));
            agent.healthy(condition);
        }
    }

    UpdateAgent agent() {
        return agent;
    }

    @Override
    public void close() {
        watch.shutdownNow();
        agent.close();
    }

    private static Optional<ReleaseSource> sourceOf(Reporter reporter) {
        if (reporter instanceof CoapReporter coap) {
            return Optional.of(coap.releases());
        }
        if (reporter instanceof EnrolledReporter enrolled) {
            return Optional.of(enrolled.releases());
        }
        return Optional.empty();
    }

    private static Optional<Path> pinnedKey(Path dataDir) {
        String property = System.getProperty("fieldnode.update.key");
        if (property != null) {
            return Optional.of(Path.of(property)).filter(Files::isRegularFile);
        }
        // The root-owned key the integrator pinned wins: the data directory is the service user's to write.
        if (Files.isRegularFile(SYSTEM_KEY)) {
            return Optional.of(SYSTEM_KEY);
        }
        return Optional.of(dataDir.resolve("update-key.pub")).filter(Files::isRegularFile);
    }
}
