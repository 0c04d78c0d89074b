// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;

/**
 * Power cuts anywhere in a village (issue 20; SECURITY R37, R39): a collector ({@code fieldnode collector serve}) and
 * PSK and enrolled nodes ({@code fieldnode run}), each its own process on loopback, and SIGKILLs of any of them in a
 * random order at random moments for {@link Plan#duration}. Each victim is started again at once, the collector on
 * the same address, as after a power cut. Nobody tells a node that the collector lost its sessions: the node finds
 * out itself. Then every node is stopped with SIGTERM, which ends its sampling and delivers what it has queued
 * (bounded by {@link Plan#drainLimit}), and the collector's file is compared with what each node numbered: per node,
 * exactly the sequence numbers {@code 0 .. next_sequence - 1}, each once.
 */
public final class ChaosRun {
    /**
     * How the run goes.
     *
     * @param kills SIGKILLs in all, the collector's included
     * @param collectorKills how many of them hit the collector
     */
    public record Plan(
            Duration duration,
            int pskNodes,
            int enrolledNodes,
            int kills,
            int collectorKills,
            Duration drainLimit,
            long seed) {
        public Plan {
            if (pskNodes < 0 || enrolledNodes < 0 || pskNodes + enrolledNodes < 1) {
                throw new IllegalArgumentException("need at least one node");
            }
            if (collectorKills < 0 || kills < collectorKills) {
                throw new IllegalArgumentException("need 0 <= collector kills <= kills");
            }
        }
    }

    /**
     * What the run found: {@code numbered} readings the nodes numbered in all, {@code stored} of them in the
     * collector's file; {@code drainSeconds} is how long the last deliveries took after the chaos.
     */
    public record Result(
            int kills,
            int collectorKills,
            long numbered,
            long stored,
            long lost,
            long duplicated,
            long drainSeconds,
            boolean drained) {
        /** The line scripts and the build read. */
        public String summary() {
            return "chaos: kills=%d collector_kills=%d stored=%d lost=%d duplicated=%d drain_s=%d"
                    .formatted(kills, collectorKills, stored, lost, duplicated, drainSeconds);
        }

        public boolean clean() {
            return stored > 0 && stored == numbered && lost == 0 && duplicated == 0 && drained;
        }
    }

    /**
     * Two sensors every second, readings sent at once in small batches, and a short CoAP exchange (a node that gets
     * no answer notices after about 10 s instead of 30), so that a few minutes hold many outages.
     */
    private static final String PROFILE = """
            # fieldnode chaos run: two simulated sensors every second, small batches, quick retransmission timeouts
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
              - { id: lux0, compatible: "rohm,bh1750", bus: i2c1, reg: 0x23, interval: 1s }
            report: { batch-readings: 12, link: { ack-timeout: 1s, max-retransmit: 2, handshake-timeout: 1s } }
            queue: { fsync: per-batch }
            """;

    private final Plan plan;
    private final Path work;
    private final PrintWriter out;

    public ChaosRun(Plan plan, Path work, PrintWriter out) {
        this.plan = plan;
        this.work = work;
        this.out = out;
    }

    public Result run() throws IOException, InterruptedException {
        Path profile = Files.writeString(work.resolve("chaos.yaml"), PROFILE);
        CollectorProcess collector = new CollectorProcess(work.resolve("collector"), work.resolve("collector.log"));
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < plan.pskNodes(); i++) {
                nodes.add(NodeProcess.withPsk(work.resolve("psk-node" + i), collector, profile, plan.drainLimit()));
            }
            collector.start();
            for (int i = 0; i < plan.enrolledNodes(); i++) {
                nodes.add(NodeProcess.enrolled(
                        work.resolve("enrolled-node" + i), collector, profile, "chaos-" + i, plan.drainLimit()));
            }
            for (NodeProcess node : nodes) {
                node.start();
            }
            progress("%d node(s) and the collector (port %d) run; %d SIGKILL(s) over %d s"
                    .formatted(
                            nodes.size(),
                            collector.port(),
                            plan.kills(),
                            plan.duration().toSeconds()));
            kill(collector, nodes);
            return drainAndCompare(collector, nodes);
        } finally {
            for (NodeProcess node : nodes) {
                node.kill();
            }
            collector.kill();
        }
    }

    /** The SIGKILLs: victims in a random order, at evenly spread moments moved by up to half a period. */
    private void kill(CollectorProcess collector, List<NodeProcess> nodes) throws IOException, InterruptedException {
        Random random = new Random(plan.seed());
        List<Integer> victims = new ArrayList<>(); // -1: the collector
        for (int i = 0; i < plan.kills(); i++) {
            victims.add(i < plan.collectorKills() ? -1 : random.nextInt(nodes.size()));
        }
        Collections.shuffle(victims, random);
        long period = plan.kills() == 0 ? 0 : plan.duration().toMillis() / plan.kills();
        long began = System.nanoTime();
        for (int k = 0; k < victims.size(); k++) {
            long at = k * period + period / 4 + (long) (random.nextDouble() * period / 2);
            long wait = at - Duration.ofNanos(System.nanoTime() - began).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            int victim = victims.get(k);
            if (victim < 0) {
                collector.kill();
                collector.start();
                progress("killed the collector (SIGKILL) and started it again on port " + collector.port());
            } else {
                NodeProcess node = nodes.get(victim);
                node.kill();
                node.start();
                progress("killed " + node + " (SIGKILL) and started it again");
            }
        }
        long rest = plan.duration().toMillis()
                - Duration.ofNanos(System.nanoTime() - began).toMillis();
        if (rest > 0) {
            Thread.sleep(rest);
        }
    }

    private Result drainAndCompare(CollectorProcess collector, List<NodeProcess> nodes)
            throws IOException, InterruptedException {
        long began = System.nanoTime();
        for (NodeProcess node : nodes) {
            node.terminate();
        }
        boolean drained = true;
        Map<String, Long> numbered = new HashMap<>();
        for (NodeProcess node : nodes) {
            int exit = node.awaitExit(plan.drainLimit().plusSeconds(30));
            Optional<Map<String, String>> status = node.status();
            // 143 = 128 + SIGTERM: the JVM's exit status once its shutdown hook (the node's stop) has run.
            boolean empty = (exit == 0 || exit == 143)
                    && status.map(s -> "stopped".equals(s.get("process")) && "0".equals(s.get("queued")))
                            .orElse(false);
            if (!empty) {
                drained = false;
                progress("%s did not deliver everything within %d s (exit %d, queued %s); see %s"
                        .formatted(
                                node,
                                plan.drainLimit().toSeconds(),
                                exit,
                                status.map(s -> s.get("queued")).orElse("?"),
                                node.log()));
            }
            numbered.put(node.nodeId(), node.numbered());
        }
        long drainSeconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        collector.stop(30);

        long stored = 0;
        long lost = 0;
        long duplicated = 0;
        try (SqliteReadingStore store =
                SqliteReadingStore.openReadOnly(collector.data().resolve(SqliteReadingStore.FILE_NAME))) {
            for (Map.Entry<String, Long> node : numbered.entrySet()) {
                List<StoredReading> mine = new ArrayList<>();
                store.scan(
                        new ReadingFilter(Optional.of(node.getKey()), Optional.empty(), Optional.empty()), mine::add);
                DeliveryAudit audit = DeliveryAudit.of(mine, node.getValue(), s -> true);
                stored += audit.stored();
                lost += audit.lost();
                duplicated += audit.duplicated();
                progress("node %s: numbered=%d stored=%d lost=%d duplicated=%d"
                        .formatted(node.getKey(), node.getValue(), audit.stored(), audit.lost(), audit.duplicated()));
            }
        }
        long total = numbered.values().stream().mapToLong(Long::longValue).sum();
        return new Result(plan.kills(), plan.collectorKills(), total, stored, lost, duplicated, drainSeconds, drained);
    }

    private void progress(String line) {
        synchronized (out) {
            out.println("chaos: " + line);
            out.flush();
        }
    }
}
