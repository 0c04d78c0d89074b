// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.QueueSettings;

/**
 * Injected faults around one node (SECURITY R23, R30, R37): each scenario runs the real sampling, durable queue,
 * delivery and collector code on loopback, sampling in virtual time ({@link VirtualNode}) so that hours pass in
 * seconds, delivering in real time over DTLS ({@link LoopbackCollector}), and ends with an {@link Outcome} that
 * counts what the collector lacks ({@code lost}) and holds twice ({@code duplicated}) against what it must hold.
 *
 * <ul>
 *   <li>{@link #collectorAway}: the collector unreachable (100 % loss) for a simulated day of 1-minute sampling,
 *       then back: the backlog is delivered, in order;
 *   <li>{@link #storageFull}: a 32 KiB queue budget and the collector away: sensing continues, the oldest readings
 *       are dropped and counted (the real {@link Node} run on the full queue shows the count in its status file),
 *       the rest delivered;
 *   <li>{@link #corruptedQueue}: bytes damaged in a closed queue file: damaged records are skipped and counted, every
 *       other reading is delivered;
 *   <li>{@link #sensorUnplugged}: one sensor detached from its bus for half an hour and attached again: the other
 *       sensor never misses a sample, the unplugged one fails, then recovers;
 *   <li>{@link #clockSteps}: the wall clock stepped back an hour and then forward three during sampling: no reading
 *       is lost, duplicated or reordered in the queue.
 * </ul>
 */
public final class FaultScenarios {
    /** The names accepted by {@link #run(String)}, in the order {@code all} runs them. */
    public static final List<String> NAMES =
            List.of("collector-away", "storage-full", "corrupt-queue", "sensor-unplug", "clock-steps");

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(90);

    /** What one scenario found; {@code detail} holds its own key=value counts. */
    public record Outcome(String fault, long sampled, long stored, long lost, long duplicated, String detail) {
        public String summary() {
            return "fault: name=%s sampled=%d stored=%d lost=%d duplicated=%d %s"
                    .formatted(fault, sampled, stored, lost, duplicated, detail)
                    .strip();
        }

        public boolean clean() {
            return sampled > 0 && lost == 0 && duplicated == 0;
        }
    }

    private final Path work;

    /** Scenarios keep their queues under {@code work}. */
    public FaultScenarios(Path work) {
        this.work = work;
    }

    /** Runs the scenario named {@code name} (one of {@link #NAMES}). */
    public Outcome run(String name) throws IOException, InterruptedException {
        return switch (name) {
            case "collector-away" -> collectorAway(Duration.ofDays(1));
            case "storage-full" -> storageFull();
            case "corrupt-queue" -> corruptedQueue();
            case "sensor-unplug" -> sensorUnplugged();
            case "clock-steps" -> clockSteps();
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + NAMES);
        };
    }

    /** The collector away for {@code away} of 1-minute sampling (virtual), then back. */
    public Outcome collectorAway(Duration away) throws IOException, InterruptedException {
        try (LoopbackCollector collector = new LoopbackCollector();
                VirtualNode node = new VirtualNode(
                        VirtualNode.queueSettings(dir("collector-away")),
                        Duration.ofMinutes(1),
                        Instant.now().minus(away))) {
            collector.away();
            collector.startDelivery(node.queue());
            node.advance(away);
            long sampled = node.queue().nextSequence();
            int storedWhileAway = collector.stored().size();
            collector.back();
            boolean drained = collector.drain(DRAIN_LIMIT);
            node.closeQueue();
            DeliveryAudit audit = DeliveryAudit.of(collector.stored(), sampled, s -> true);
            return new Outcome(
                    "collector-away",
                    sampled,
                    audit.stored(),
                    audit.lost(),
                    audit.duplicated(),
                    "away=%s stored_while_away=%d in_order=%s drained=%s"
                            .formatted(away, storedWhileAway, audit.inOrder(), drained));
        }
    }

    /** A 32 KiB queue, two hours of 1-second sampling with the collector away, then the collector back. */
    public Outcome storageFull() throws IOException, InterruptedException {
        QueueSettings tiny = VirtualNode.queueSettings(dir("storage-full"))
                .withSegmentBytes(QueueSettings.MIN_SEGMENT_BYTES)
                .withDiskBudget(2 * QueueSettings.MIN_SEGMENT_BYTES);
        try (LoopbackCollector collector = new LoopbackCollector();
                VirtualNode node = new VirtualNode(
                        tiny, Duration.ofSeconds(1), Instant.now().minus(Duration.ofHours(2)))) {
            collector.away();
            node.advance(Duration.ofHours(2));
            long sampled = node.queue().nextSequence();
            long sensed = node.sampler().sampled();
            long dropped = node.queue().dropped();
            long sampledVirtually = sampled;
            long firstKept = node.queue().peek(1).map(Batch::sequence).orElse(sampled);
            long diskBytes = node.queue().stats().diskBytes();
            node.close();
            // The real node on the full queue for a moment, the collector still away: what its status file says.
            Map<String, String> status = statusOfARealNodeOn(node, collector, tiny);
            collector.back();
            DurableReadingQueue queue = DurableReadingQueue.open(tiny);
            sampled = queue.nextSequence();
            collector.startDelivery(queue);
            boolean drained = collector.drain(DRAIN_LIMIT);
            long droppedAtEnd = queue.dropped();
            queue.close();
            // Whatever the real node dropped after the virtual phase was its oldest, so kept = [droppedAtEnd, sampled).
            DeliveryAudit audit = DeliveryAudit.of(collector.stored(), sampled, s -> s >= droppedAtEnd);
            return new Outcome(
                    "storage-full",
                    sampledVirtually,
                    audit.stored(),
                    audit.lost(),
                    audit.duplicated(),
                    ("sensed=%d dropped=%d oldest_kept=%d disk_bytes=%d budget=%d status_state=%s status_dropped=%s"
                                    + " sampled_in_all=%d dropped_in_all=%d drained=%s")
                            .formatted(
                                    sensed,
                                    dropped,
                                    firstKept,
                                    diskBytes,
                                    tiny.diskBudgetBytes(),
                                    status.get("state"),
                                    status.get("dropped"),
                                    sampled,
                                    droppedAtEnd,
                                    drained));
        }
    }

    /**
     * An hour of 10-second sampling with the collector away; the node stops; bytes in the middle of its queue file
     * are damaged at two places; the node starts again with the collector back. {@code lost} counts missing readings
     * that the damaged records cannot explain (more runs of missing readings than damaged records, or more readings
     * than they can hold).
     */
    public Outcome corruptedQueue() throws IOException, InterruptedException {
        QueueSettings settings = VirtualNode.queueSettings(dir("corrupt-queue"));
        long sampled;
        try (VirtualNode node =
                new VirtualNode(settings, Duration.ofSeconds(10), Instant.now().minus(Duration.ofHours(1)))) {
            node.advance(Duration.ofHours(1));
            sampled = node.queue().nextSequence();
            node.close();
            node.closeQueue();
        }
        Path segment;
        try (Stream<Path> files = Files.list(settings.directory())) {
            segment = files.filter(p -> p.getFileName().toString().endsWith(".seg"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new IOException("the queue left no segment file"));
        }
        long size = Files.size(segment);
        damage(segment, size * 2 / 5);
        damage(segment, size * 7 / 10);
        try (LoopbackCollector collector = new LoopbackCollector()) {
            DurableReadingQueue queue = DurableReadingQueue.open(settings);
            collector.startDelivery(queue);
            boolean drained = collector.drain(DRAIN_LIMIT);
            long corrupt = queue.stats().corruptRecords();
            queue.close();
            List<StoredReading> stored = collector.stored();
            DeliveryAudit audit = DeliveryAudit.of(stored, sampled, s -> true);
            List<long[]> runs = missingRuns(stored, sampled);
            boolean explained = runs.size() <= corrupt && audit.lost() <= corrupt * 64;
            return new Outcome(
                    "corrupt-queue",
                    sampled,
                    audit.stored(),
                    explained ? 0 : audit.lost(),
                    audit.duplicated(),
                    "corrupt_records=%d skipped_readings=%d missing_runs=%d drained=%s"
                            .formatted(corrupt, audit.lost(), runs.size(), drained));
        }
    }

    /** Ten-second sampling; {@code lux0} unplugged for 30 minutes, then plugged back and watched for 30 more. */
    public Outcome sensorUnplugged() throws IOException, InterruptedException {
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        try (LoopbackCollector collector = new LoopbackCollector();
                VirtualNode node = new VirtualNode(
                        VirtualNode.queueSettings(dir("sensor-unplug")), Duration.ofSeconds(10), start)) {
            collector.startDelivery(node.queue());
            node.advance(Duration.ofMinutes(10));
            SimulatedI2cTarget lux = node.i2c().detach(VirtualNode.BH1750).orElseThrow();
            node.advance(Duration.ofMinutes(30));
            boolean failedWhileUnplugged = node.sampler().failingSensors().contains("lux0");
            node.i2c().attach(VirtualNode.BH1750, lux);
            node.advance(Duration.ofMinutes(30));
            boolean recovered = node.sampler().failingSensors().isEmpty();
            long sampled = node.queue().nextSequence();
            boolean drained = collector.drain(DRAIN_LIMIT);
            node.closeQueue();
            List<StoredReading> stored = collector.stored();
            DeliveryAudit audit = DeliveryAudit.of(stored, sampled, s -> true);
            Instant unplugged = start.plus(Duration.ofMinutes(10));
            Instant plugged = unplugged.plus(Duration.ofMinutes(30));
            long envSamples = stored.stream()
                    .filter(r -> r.name().equals("env0/temperature"))
                    .count();
            long expectedEnv = Duration.ofMinutes(70).toSeconds() / 10; // every 10 s, sampled at start too
            long luxAfter = stored.stream()
                    .filter(r -> r.name().startsWith("lux0/") && r.time().isAfter(plugged))
                    .count();
            long luxWhileUnplugged = stored.stream()
                    .filter(r -> r.name().startsWith("lux0/")
                            && r.time().isAfter(unplugged.plusSeconds(10))
                            && r.time().isBefore(plugged))
                    .count();
            long envMissed = Math.max(0, expectedEnv - envSamples);
            return new Outcome(
                    "sensor-unplug",
                    sampled,
                    audit.stored(),
                    audit.lost() + envMissed,
                    audit.duplicated(),
                    "env0_samples=%d env0_expected>=%d lux0_failed_while_unplugged=%s lux0_readings_while_unplugged=%d"
                                    .formatted(envSamples, expectedEnv, failedWhileUnplugged, luxWhileUnplugged)
                            + " lux0_recovered=%s lux0_readings_after=%d drained=%s"
                                    .formatted(recovered, luxAfter, drained));
        }
    }

    /** Ten-second sampling; the wall clock stepped back 1 h after 20 minutes and forward 3 h after 40. */
    public Outcome clockSteps() throws IOException, InterruptedException {
        try (LoopbackCollector collector = new LoopbackCollector();
                VirtualNode node = new VirtualNode(
                        VirtualNode.queueSettings(dir("clock-steps")),
                        Duration.ofSeconds(10),
                        Instant.now().minus(Duration.ofHours(4)))) {
            node.advance(Duration.ofMinutes(20));
            node.stepWallClock(Duration.ofHours(-1));
            node.advance(Duration.ofMinutes(20));
            node.stepWallClock(Duration.ofHours(3));
            node.advance(Duration.ofMinutes(20));
            long sampled = node.queue().nextSequence();
            node.queue().flush();
            // The queue, head to tail, before anything leaves it: sequence order is sampling order.
            Batch all = node.queue().peek((int) sampled).orElseThrow();
            long reordered = 0;
            List<Reading> readings = all.readings();
            for (int i = 1; i < readings.size(); i++) {
                if (readings.get(i).monotonicNanos() < readings.get(i - 1).monotonicNanos()) {
                    reordered++;
                }
            }
            collector.startDelivery(node.queue());
            boolean drained = collector.drain(DRAIN_LIMIT);
            node.closeQueue();
            DeliveryAudit audit = DeliveryAudit.of(collector.stored(), sampled, s -> true);
            return new Outcome(
                    "clock-steps",
                    sampled,
                    audit.stored(),
                    audit.lost() + (all.sequence() == 0 && readings.size() == sampled ? 0 : sampled - readings.size()),
                    audit.duplicated() + reordered,
                    "steps=-1h,+3h queued_in_order=%s times_in_order=%s drained=%s"
                            .formatted(reordered == 0, audit.inOrder(), drained));
        }
    }

    /**
     * Runs the real {@link Node} for three seconds on the queue {@code settings} names (the virtual node's, closed
     * before), sampling the same profile in real time and reporting to the (away) collector; returns the status file
     * it leaves when stopped.
     */
    private Map<String, String> statusOfARealNodeOn(
            VirtualNode virtual, LoopbackCollector collector, QueueSettings settings)
            throws IOException, InterruptedException {
        virtual.closeQueue();
        Path statusDir = Files.createDirectories(settings.directory().resolveSibling("storage-full-status"));
        SimulatedBusProvider buses = SimulatedBusProvider.populatedWith(
                SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 3),
                virtual.profile().enabledSensors().stream()
                        .map(SensorConfig::toNode)
                        .toList());
        Node node = Node.start(
                new Node.Parts(
                        collector.nodeId(),
                        buses,
                        collector.newReporter(),
                        DurableReadingQueue.open(settings),
                        Duration.ofMillis(200),
                        Optional.of(statusDir)),
                virtual.profile(),
                virtual.drivers(),
                InstantSource.system(),
                Sleeper.system());
        Thread.sleep(3_000);
        node.close();
        return StatusFile.read(statusDir).orElseThrow(() -> new IOException("the node left no status file"));
    }

    private Path dir(String name) throws IOException {
        Path dir = work.resolve(name.toLowerCase(Locale.ROOT));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    /** Inverts three bytes at {@code offset}: a sector gone bad, a bit-rotted flash page. */
    private static void damage(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocate(3);
            channel.read(bytes, offset);
            for (int i = 0; i < 3; i++) {
                bytes.put(i, (byte) ~bytes.get(i));
            }
            bytes.rewind();
            channel.write(bytes, offset);
            channel.force(true);
        }
    }

    /** Runs {@code [first, last]} of sequence numbers below {@code end} that the collector lacks. */
    private static List<long[]> missingRuns(List<StoredReading> stored, long end) {
        TreeSet<Long> have = new TreeSet<>();
        stored.forEach(r -> have.add(r.sequence()));
        List<long[]> runs = new ArrayList<>();
        for (long s = 0; s < end; s++) {
            if (!have.contains(s)) {
                if (!runs.isEmpty() && runs.getLast()[1] == s - 1) {
                    runs.getLast()[1] = s;
                } else {
                    runs.add(new long[] {s, s});
                }
            }
        }
        return runs;
    }
}
