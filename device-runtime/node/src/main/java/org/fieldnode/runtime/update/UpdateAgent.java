// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.fieldnode.protocol.update.PayloadDigest;
import org.fieldnode.protocol.update.ReleaseCheck;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.protocol.update.UpdateKeys;
import org.fieldnode.protocol.update.UpdateRefusedException;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.event.TimeQuality;
import org.tinylog.Logger;

/**
 * The node's side of an over-the-air update (issue 16), after the IETF SUIT architecture (RFC 9019): when the
 * desired configuration names a release sequence higher than the installed one, it fetches the signed manifest,
 * checks it ({@link ReleaseCheck}, SECURITY R24), fetches the payload block by block into {@code
 * DIR/update/download} (kept across restarts and outages: a fetch resumes after the last block it kept, R27),
 * checks size and digest as blocks arrive, unpacks into the inactive slot and switches ({@link Slots}, R25), and
 * asks for a restart. The restarted node is on trial until {@link #healthy} has seen all of {@link Health} within
 * the health bound; otherwise it records why and exits, and the launcher runs the previous slot.
 *
 * <p>A refusal changes nothing but the state shown and reported, and records a security event. The download
 * stops (sensing goes on) when the disk would keep less than the reserve free. State in {@code DIR/update/state}.
 */
public final class UpdateAgent implements AutoCloseable {
    /** The conditions of the health check. */
    public enum Health {
        STARTED,
        SENSORS_OPENED,
        REPORT_ACKNOWLEDGED
    }

    /** What the node is doing about updates, reported as {@code us=}. */
    public enum State {
        IDLE("idle"),
        DOWNLOADING("downloading"),
        STOPPED("stopped"),
        INSTALLING("installing"),
        TRIAL("trial"),
        APPLIED("applied"),
        ROLLED_BACK("rolled_back"),
        REFUSED("refused");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Bytes the disk must keep free besides the payload (the queue's room: SECURITY R27, R30). */
    public static final long DEFAULT_RESERVE_BYTES = 32L << 20;

    static final String DIR = "update";

    /** How long after a failed confirmation (the trial file could not be removed) it is tried again. */
    static final Duration CONFIRM_RETRY = Duration.ofSeconds(30);

    static final String STATE = "state";

    private final Path dir;
    private final Slots slots;
    private final PublicKey pinnedKey;
    private final SecurityEventLog events;
    private final String nodeId;
    private final Runnable restart;
    private final Duration healthBound;
    private final LongSupplier freeBytes;
    private final long reserveBytes;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private final Set<Health> seen = EnumSet.noneOf(Health.class);
    private final Map<String, String> state;
    private volatile ReleaseSource source;
    private volatile boolean onTrial;
    private boolean restarting;
    private long busyWith;

    /**
     * @param dataDir the node's data directory ({@code DIR/update} is created in it)
     * @param pinnedKey the update key pinned when the node was provisioned
     * @param restart ends the process so that the service manager starts it again (through the launcher)
     * @param healthBound how long a trial start may take to pass its health check
     * @param freeBytes usable bytes on the data directory's file system
     */
    public UpdateAgent(
            Path dataDir,
            Slots slots,
            PublicKey pinnedKey,
            SecurityEventLog events,
            String nodeId,
            Runnable restart,
            Duration healthBound,
            LongSupplier freeBytes,
            long reserveBytes,
            Clock clock)
            throws IOException {
        this.dir = dataDir.resolve(DIR);
        this.slots = slots;
        this.pinnedKey = pinnedKey;
        this.events = events;
        this.nodeId = nodeId;
        this.restart = restart;
        this.healthBound = healthBound;
        this.freeBytes = freeBytes;
        this.reserveBytes = reserveBytes;
        this.clock = clock;
        Files.createDirectories(dir.resolve("download"));
        this.state = KeyValueFile.read(dir.resolve(STATE));
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldnode-update");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where releases come from; until set, assignments wait. */
    public void source(ReleaseSource releases) {
        this.source = releases;
    }

    /**
     * At start: reports a rollback the launcher made, and starts the health bound when this start is a trial.
     *
     * @return true when this start is a trial
     */
    public synchronized boolean startup() throws IOException {
        Optional<Map<String, String>> rolledBack = slots.takeRolledBack();
        if (rolledBack.isPresent()) {
            String sequence = rolledBack.get().getOrDefault("sequence", "0");
            String reason = rolledBack.get().getOrDefault("reason", "trial-failed");
            state.put("failed", sequence);
            state.remove("pending-key");
            set(State.ROLLED_BACK, sequence, reason);
            event(SecurityEventCode.UPDATE_ROLLED_BACK, "release " + sequence + " rolled back: " + reason);
            Logger.warn(
                    "Release {} did not pass its trial ({}); running release {} again", sequence, reason, installed());
        }
        Optional<Map<String, String>> trial = slots.trial();
        if (trial.isPresent() && "0".equals(trial.get().get("starts"))) {
            // Only the launcher counts a trial's start: this process was started some other way (a source checkout's
            // script, FIELDNODE_LIB set, another FIELDNODE_SLOTS), and updates wait until it is (R25).
            set(State.STOPPED, trial.get().get("sequence"), "trial-not-started");
            Logger.error(
                    "Release {} is installed in {} but this start did not come through the launcher, which counts its"
                            + " trial; updates wait until the node is started by the packaged launcher"
                            + " (systemctl restart fieldnode)",
                    trial.get().get("sequence"),
                    slots.root().resolve(trial.get().get("slot")));
        } else if (trial.isPresent()) {
            onTrial = true;
            set(State.TRIAL, trial.get().get("sequence"), "health-check");
            Logger.info(
                    "Release {} starts on trial: it must pass its health check within {}",
                    trial.get().get("sequence"),
                    healthBound);
            worker.schedule(this::trialTimedOut, healthBound.toMillis(), TimeUnit.MILLISECONDS);
        }
        return onTrial;
    }

    /** One condition of the health check was met; when all are, the trial release becomes good. */
    public void healthy(Health condition) {
        synchronized (this) {
            seen.add(condition);
            if (!onTrial || seen.size() < Health.values().length) {
                return;
            }
            onTrial = false;
        }
        worker.execute(this::confirm);
    }

    /** The desired configuration names release {@code sequence}: fetch and install it unless done or refused. */
    public synchronized void assigned(long sequence) {
        if (busyWith == sequence || !wanted(sequence)) {
            return;
        }
        busyWith = sequence;
        try {
            worker.execute(() -> update(sequence));
        } catch (RejectedExecutionException e) {
            busyWith = 0; // the node is stopping; the next start asks again
        }
    }

    /**
     * Whether release {@code sequence} may be fetched and installed now (asked on every report and again on the worker
     * before each step). Not while a release waits for the restart that starts its trial, or a failed trial for the
     * restart that rolls it back: installing then would overwrite the other slot, the one the launcher goes back to
     * (R25). One read of the trial and of the active release; an unreadable one means not now.
     */
    private boolean wanted(long sequence) {
        if (restarting || onTrial || Long.toString(sequence).equals(state.get("failed"))) {
            return false;
        }
        try {
            return slots.trial().isEmpty() && sequence > slots.activeSequence();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The Uri-Query options for the next report ({@link UpdateReports}). */
    public synchronized List<String> queries() {
        return UpdateReports.queries(
                installed(),
                state.getOrDefault("state", State.IDLE.code()),
                Long.parseLong(state.getOrDefault("target", "0")),
                Long.parseLong(state.getOrDefault("received", "0")),
                state.getOrDefault("reason", ""));
    }

    /** The state for {@code fieldnode update status}. */
    public synchronized Map<String, String> status() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("installed", Long.toString(installed()));
        values.put("state", state.getOrDefault("state", State.IDLE.code()));
        values.put("target", state.getOrDefault("target", "0"));
        values.put("received", state.getOrDefault("received", "0"));
        values.put("reason", state.getOrDefault("reason", ""));
        values.put("key", UpdateKeys.keyIdHex(currentKey()));
        return values;
    }

    /** The installed, good release: the active slot's sequence, or the previous one while on trial. */
    public synchronized long installed() {
        try {
            if (slots.trial().isPresent()) {
                return Long.parseLong(state.getOrDefault("installed", "0"));
            }
            return slots.activeSequence();
        } catch (IOException | RuntimeException e) {
            return Long.parseLong(state.getOrDefault("installed", "0"));
        }
    }

    /** Waits for the work in hand (tests and shutdown). */
    public void drain() throws InterruptedException {
        try {
            worker.submit(() -> {}).get(1, TimeUnit.HOURS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("update worker failed", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private void update(long sequence) {
        try {
            ReleaseSource releases = source;
            synchronized (this) {
                // An earlier task may have installed a release since this one was queued: its slot and the one the
                // launcher goes back to are not to be touched until the restart.
                if (releases == null || !wanted(sequence)) {
                    return;
                }
            }
            ReleaseManifest manifest;
            try {
                manifest = check(releases, sequence);
            } catch (UpdateRefusedException e) {
                refuse(sequence, e);
                return;
            }
            Path part = dir.resolve("download").resolve(sequence + ".part");
            if (freeBytes.getAsLong() - remaining(part, manifest) < reserveBytes) {
                stop(sequence, "disk-full", "the disk would keep less than " + (reserveBytes >> 20) + " MiB free");
                return;
            }
            try {
                download(releases, manifest, part);
            } catch (UpdateRefusedException e) {
                Files.deleteIfExists(part);
                refuse(sequence, e);
                return;
            }
            install(manifest, part);
        } catch (IOException e) {
            String reason =
                    e.getMessage() != null && e.getMessage().contains("No space left") ? "disk-full" : "fetch-failed";
            stop(sequence, reason, e.getMessage());
        } catch (RuntimeException e) {
            Logger.error(e, "Update to release {} failed", sequence);
            stop(sequence, "internal-error", e.toString());
        } finally {
            synchronized (this) {
                if (busyWith == sequence) {
                    busyWith = 0;
                }
            }
        }
    }

    private ReleaseManifest check(ReleaseSource releases, long sequence) throws IOException, UpdateRefusedException {
        synchronized (this) {
            set(State.DOWNLOADING, Long.toString(sequence), "");
        }
        byte[] signed = releases.manifest(sequence);
        ReleaseCheck check = new ReleaseCheck(ReleasePacker.PRODUCT, installed(), currentKey(), superseded());
        ReleaseManifest manifest = check.check(signed);
        if (manifest.sequence() != sequence) {
            throw new UpdateRefusedException(
                    org.fieldnode.protocol.update.Refusal.SEQUENCE_NOT_HIGHER,
                    "asked for release " + sequence + ", the manifest is for " + manifest.sequence());
        }
        return manifest;
    }

    /** Fetches the blocks not kept yet, appending each to {@code part}; digests kept and new bytes alike. */
    private void download(ReleaseSource releases, ReleaseManifest manifest, Path part)
            throws IOException, UpdateRefusedException {
        int blockSize = releases.blockSize();
        PayloadDigest digest = new PayloadDigest(manifest);
        long kept = Files.exists(part) ? Files.size(part) / blockSize * blockSize : 0;
        if (kept > manifest.payloadSize()) {
            kept = 0;
        }
        if (kept > 0) {
            try (InputStream in = Files.newInputStream(part)) {
                byte[] buffer = new byte[64 * 1024];
                long left = kept;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException(part + " shrank while it was read");
                    }
                    digest.update(buffer, 0, n);
                    left -= n;
                }
            }
        }
        try (var channel =
                java.nio.channels.FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(kept);
            if (kept > 0) {
                Logger.info("Resuming release {} after {} kept bytes", manifest.sequence(), kept);
                synchronized (this) {
                    state.put("resumed", Long.toString(Long.parseLong(state.getOrDefault("resumed", "0")) + 1));
                }
            }
            channel.position(kept);
            long number = kept / blockSize;
            int sinceSync = 0;
            while (true) {
                ReleaseSource.Block block = releases.payload(manifest.sequence(), number);
                digest.update(block.data(), 0, block.data().length);
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(block.data());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                number++;
                if (++sinceSync == 64 || !block.more()) {
                    channel.force(false); // what is reported as kept is on disk
                    sinceSync = 0;
                    synchronized (this) {
                        state.put("received", Long.toString(digest.received()));
                        save();
                    }
                }
                if (!block.more()) {
                    break;
                }
                if (block.data().length != blockSize) {
                    throw new IOException("block " + (number - 1) + " has " + block.data().length + " bytes");
                }
            }
            channel.force(true);
        }
        digest.finish();
    }

    private void install(ReleaseManifest manifest, Path part) throws IOException {
        synchronized (this) {
            if (!wanted(manifest.sequence())) {
                return; // kept in the part file; asked again after the restart
            }
            state.put("installed", Long.toString(installed()));
            manifest.successorKey()
                    .ifPresent(k -> state.put("pending-key", Base64.getEncoder().encodeToString(k)));
            set(State.INSTALLING, Long.toString(manifest.sequence()), "");
        }
        try (InputStream payload = Files.newInputStream(part)) {
            slots.install(manifest, payload);
        } catch (UpdateRefusedException e) {
            refuse(manifest.sequence(), e);
            return;
        }
        Files.deleteIfExists(part);
        synchronized (this) {
            restarting = true;
            set(State.TRIAL, Long.toString(manifest.sequence()), "restarting");
        }
        Logger.info(
                "Release {} ({}) installed in {}; restarting on it",
                manifest.sequence(),
                manifest.version(),
                slots.currentLink().orElse("?"));
        restart.run();
    }

    private void confirm() {
        try {
            Optional<Map<String, String>> trial = slots.trial();
            if (trial.isEmpty()) {
                return;
            }
            slots.confirm();
            String sequence = trial.get().get("sequence");
            synchronized (this) {
                String pending = state.remove("pending-key");
                if (pending != null) {
                    TreeSet<String> old = new TreeSet<>(superseded());
                    old.add(UpdateKeys.keyIdHex(currentKey()));
                    state.put("superseded", String.join(",", old));
                    state.put("key", pending);
                    event(SecurityEventCode.UPDATE_KEY_ROTATED, "release " + sequence + " rotated the update key");
                }
                state.put("installed", sequence);
                set(State.APPLIED, sequence, "");
            }
            event(SecurityEventCode.UPDATE_APPLIED, "release " + sequence + " passed its health check");
            Logger.info("Release {} passed its health check and is now the installed release", sequence);
        } catch (IOException e) {
            synchronized (this) {
                set(State.TRIAL, state.get("target"), "confirm-failed");
            }
            Logger.error(
                    "Cannot confirm the trial release ({}); trying again in {} s, else the next start rolls it back",
                    e.getMessage(),
                    CONFIRM_RETRY.toSeconds());
            try {
                worker.schedule(this::confirm, CONFIRM_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the node is stopping: the launcher decides at the next start
            }
        }
    }

    private void trialTimedOut() {
        synchronized (this) {
            if (!onTrial) {
                return;
            }
            onTrial = false;
            restarting = true;
        }
        List<String> missing = new ArrayList<>();
        for (Health h : Health.values()) {
            if (!seen.contains(h)) {
                missing.add(h.name().toLowerCase().replace('_', '-'));
            }
        }
        String reason = "health-check-failed:" + String.join("+", missing);
        synchronized (this) {
            set(State.TRIAL, state.get("target"), reason);
        }
        try {
            slots.failTrial(reason);
        } catch (IOException e) {
            Logger.error("Cannot record the failed trial: {}", e.getMessage());
        }
        Logger.error(
                "The trial release did not pass its health check within {} ({}); restarting on the previous one",
                healthBound,
                reason);
        restart.run();
    }

    private synchronized void refuse(long sequence, UpdateRefusedException e) {
        state.put("failed", Long.toString(sequence));
        state.put("refused", Long.toString(Long.parseLong(state.getOrDefault("refused", "0")) + 1));
        set(State.REFUSED, Long.toString(sequence), e.refusal().code());
        event(SecurityEventCode.UPDATE_REFUSED, "release " + sequence + " refused: " + e.getMessage());
        Logger.warn("Refused release {}: {}", sequence, e.getMessage());
    }

    private synchronized void stop(long sequence, String reason, String detail) {
        set(State.STOPPED, Long.toString(sequence), reason);
        Logger.warn("Download of release {} stopped ({}): {}; sensing goes on", sequence, reason, detail);
    }

    private long remaining(Path part, ReleaseManifest manifest) throws IOException {
        long kept = Files.exists(part) ? Files.size(part) : 0;
        return Math.max(0, manifest.payloadSize() - kept);
    }

    private PublicKey currentKey() {
        String rotated = state.get("key");
        if (rotated != null) {
            try {
                return UpdateKeys.publicKey(Base64.getDecoder().decode(rotated));
            } catch (UpdateRefusedException | IllegalArgumentException e) {
                Logger.error("The rotated update key in {} is damaged; using the pinned key", dir.resolve(STATE));
            }
        }
        return pinnedKey;
    }

    private Set<String> superseded() {
        String list = state.getOrDefault("superseded", "");
        Set<String> ids = new TreeSet<>();
        for (String id : list.split(",")) {
            if (!id.isBlank()) {
                ids.add(id);
            }
        }
        if (state.containsKey("key")) {
            ids.add(HexFormat.of().formatHex(UpdateKeys.keyId(pinnedKey)));
        }
        return ids;
    }

    private void set(State next, String target, String reason) {
        state.put("state", next.code());
        state.put("target", target == null ? "0" : target);
        state.put("reason", reason);
        state.put("updated", clock.instant().toString());
        save();
    }

    private void save() {
        try {
            KeyValueFile.write(dir.resolve(STATE), state);
        } catch (IOException e) {
            Logger.warn("Cannot write {}: {}", dir.resolve(STATE), e.getMessage());
        }
    }

    private void event(SecurityEventCode code, String detail) {
        events.record(new SecurityEvent(clock.instant(), TimeQuality.UNSYNCHRONISED, nodeId, code, detail));
    }

    /** Reads the state file without an agent ({@code fieldnode update status} while the node runs). */
    public static Map<String, String> readState(Path dataDir) throws IOException {
        return KeyValueFile.read(dataDir.resolve(DIR).resolve(STATE));
    }
}
