// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.desired.DesiredConfigException;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.PipelineSpec;
import org.fieldnode.runtime.pipeline.StageSpec;
import org.fieldnode.runtime.report.coap.ConfigExchange;
import org.fieldnode.runtime.update.UpdateAgent;
import org.tinylog.Logger;

/**
 * The node's twin: takes a desired configuration from the collector, checks it against the profile, applies it
 * (new sampling intervals and deadbands take effect at once), keeps it in {@code DIR/config-applied} so it survives
 * restarts, and reports the applied version, or the refused one with the reason, in the next report.
 *
 * <p>Only the profile can keep a personal channel (SECURITY R21): a desired configuration leaves that as it is.
 *
 * <p>{@code queue.fsync} cannot change under a running queue; a configuration that sets it is refused with that
 * reason (set it in the profile instead).
 */
final class DesiredConfigApplier implements ConfigExchange {
    static final String FILE = EnrolledNode.DESIRED_CONFIG;
    /** A deadband set remotely still reports at least hourly, so a quiet series never looks like a dead one. */
    static final Duration DEADBAND_MAX_SILENCE = Duration.ofHours(1);

    private final Path file;
    private final List<SensorConfig> profileSensors;
    private volatile Node node;
    private volatile UpdateAgent updates;
    private long applied;
    private SortedMap<String, String> appliedEntries = new TreeMap<>();
    private OptionalLong rejected = OptionalLong.empty();
    private Optional<String> reason = Optional.empty();

    DesiredConfigApplier(Path dataDir, List<SensorConfig> profileSensors) {
        this.file = dataDir.resolve(FILE);
        this.profileSensors = List.copyOf(profileSensors);
        load();
    }

    /** The profile's sensors with the last applied configuration on top: what the node starts sampling. */
    synchronized List<SensorConfig> sensors() {
        try {
            return apply(appliedEntries);
        } catch (DesiredConfigException e) {
            Logger.warn(
                    "The kept configuration version {} no longer fits the profile ({}); using the profile",
                    applied,
                    e.getMessage());
            return profileSensors;
        }
    }

    void attach(Node running) {
        this.node = running;
    }

    /** Over-the-air updates: {@code update.sequence} goes to {@code agent}, and its state rides each report. */
    void attach(UpdateAgent agent) {
        this.updates = agent;
        assignUpdate();
    }

    @Override
    public synchronized List<String> queries() {
        List<String> queries = new ArrayList<>(DesiredConfigCodec.reportQueries(applied, rejected, reason));
        UpdateAgent agent = updates;
        if (agent != null) {
            assignUpdate(); // each report: a download that stopped (disk full, collector away) resumes
            queries.addAll(agent.queries());
        }
        return queries;
    }

    private void assignUpdate() {
        UpdateAgent agent = updates;
        String sequence;
        synchronized (this) {
            sequence = appliedEntries.get(DesiredConfigCodec.UPDATE_SEQUENCE);
        }
        if (agent != null && sequence != null) {
            agent.assigned(Long.parseLong(sequence));
        }
    }

    @Override
    public void offered(byte[] payload) {
        DesiredConfig config;
        try {
            config = DesiredConfigCodec.decode(payload);
        } catch (DesiredConfigException e) {
            Logger.warn("The collector sent a desired configuration this node cannot read: {}", e.getMessage());
            return;
        }
        synchronized (this) {
            if (config.version() == applied || (rejected.isPresent() && config.version() == rejected.getAsLong())) {
                return;
            }
            try {
                List<SensorConfig> sensors = apply(config.entries());
                Node running = node;
                if (running != null) {
                    running.resample(
                            sensors.stream().filter(SensorConfig::enabled).toList());
                }
                applied = config.version();
                appliedEntries = new TreeMap<>(config.entries());
                rejected = OptionalLong.empty();
                reason = Optional.empty();
                Logger.info("Applied desired configuration version {}: {}", applied, appliedEntries);
                UpdateAgent agent = updates;
                config.updateSequence().ifPresent(sequence -> {
                    if (agent != null) {
                        agent.assigned(sequence);
                    }
                });
            } catch (DesiredConfigException | IllegalArgumentException e) {
                rejected = OptionalLong.of(config.version());
                reason = Optional.of(DesiredConfigCodec.shortReason(e.getMessage()));
                Logger.warn("Refused desired configuration version {}: {}", config.version(), e.getMessage());
            }
            save();
        }
    }

    /** The profile's sensors changed by {@code entries}, checked; throws with a short reason when one does not fit. */
    private List<SensorConfig> apply(Map<String, String> entries) throws DesiredConfigException {
        Map<String, SensorConfig> byId = new LinkedHashMap<>();
        profileSensors.forEach(s -> byId.put(s.id(), s));
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String[] key = e.getKey().split("\\.");
            switch (key[0]) {
                case "interval" -> {
                    SensorConfig s = sensor(byId, key[1]);
                    byId.put(
                            s.id(),
                            new SensorConfig(
                                    s.id(),
                                    s.compatible(),
                                    s.bus(),
                                    s.address(),
                                    Intervals.parse(e.getValue()),
                                    s.enabled(),
                                    s.properties(),
                                    s.pipeline(),
                                    s.personal()));
                }
                case "deadband" -> {
                    SensorConfig s = sensor(byId, key[1]);
                    List<StageSpec> stages = new ArrayList<>(s.pipeline().stages());
                    stages.removeIf(st ->
                            st instanceof StageSpec.Deadband d && d.quantity().equals(Optional.of(key[2])));
                    stages.add(new StageSpec.Deadband(
                            Double.parseDouble(e.getValue()), DEADBAND_MAX_SILENCE, Optional.of(key[2])));
                    byId.put(
                            s.id(),
                            new SensorConfig(
                                    s.id(),
                                    s.compatible(),
                                    s.bus(),
                                    s.address(),
                                    s.interval(),
                                    s.enabled(),
                                    s.properties(),
                                    new PipelineSpec(stages),
                                    s.personal()));
                }
                case "update" -> {
                    // update.sequence: the release to run, for the UpdateAgent; no sampling change.
                }
                case "queue" ->
                    throw new DesiredConfigException("queue.fsync applies only at start; set it in the profile");
                default -> throw new DesiredConfigException("unknown key " + e.getKey());
            }
        }
        return List.copyOf(byId.values());
    }

    private static SensorConfig sensor(Map<String, SensorConfig> byId, String id) throws DesiredConfigException {
        SensorConfig s = byId.get(id);
        if (s == null) {
            throw new DesiredConfigException("no sensor " + id + " in this node's profile");
        }
        return s;
    }

    private void load() {
        try {
            Optional<Map<String, String>> kept = StatusFile.readValues(file);
            if (kept.isEmpty()) {
                return;
            }
            Map<String, String> v = kept.get();
            applied = Long.parseLong(v.getOrDefault("applied", "0"));
            if (v.containsKey("rejected")) {
                rejected = OptionalLong.of(Long.parseLong(v.get("rejected")));
                reason = Optional.ofNullable(v.get("reason"));
            }
            v.forEach((k, value) -> {
                if (k.startsWith("entry.")) {
                    appliedEntries.put(k.substring("entry.".length()), value);
                }
            });
        } catch (IOException | RuntimeException e) {
            Logger.warn("Cannot read {} ({}); starting from the profile's configuration", file, e.toString());
            applied = 0;
            appliedEntries = new TreeMap<>();
        }
    }

    private void save() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("applied", Long.toString(applied));
        rejected.ifPresent(r -> v.put("rejected", Long.toString(r)));
        reason.ifPresent(r -> v.put("reason", r));
        appliedEntries.forEach((k, value) -> v.put("entry." + k, value));
        StatusFile.writeValues(file, v);
    }
}
