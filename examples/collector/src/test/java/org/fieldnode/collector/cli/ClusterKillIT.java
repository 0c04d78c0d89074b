// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fieldnode.collector.loadtest.NodeSwarm;
import org.fieldnode.collector.loadtest.UdpSpreader;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.TestDatabase;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 17: several collectors behind one address. Three {@code serve} processes form a DTLS Connection-ID cluster
 * over one real PostgreSQL store; simulated nodes report through a {@link UdpSpreader} that spreads their records
 * over the members, so most records reach a member that does not hold the session and are forwarded inside the
 * cluster. One member is killed with SIGKILL under load: its nodes go on through the others (a new handshake at
 * most), every reading any node had acknowledged is stored, and nothing is stored twice. Another member falls
 * silent instead (SIGSTOP: a hung machine or a partition, its database sessions open), the database ends every
 * collector session meanwhile (a failover of the database), and the member comes back: the same holds.
 */
@ResourceLock("postgresql")
class ClusterKillIT {
    private static final int MEMBERS = 3;
    private static final int NODES = 18;
    private static final int READINGS = 3;

    @TempDir
    Path dir;

    private static List<PskCredential> keys(int count) {
        List<PskCredential> keys = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            keys.add(new PskCredential("cluster-%02d".formatted(i), secret));
        }
        return keys;
    }

    @Test
    void sigkillOfOneMemberUnderLoad_losesNothingAndStoresNothingTwice() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        Path credentials = Path.of(System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS"));
        List<PskCredential> keys = keys(NODES);
        try (ClusterMembers cluster = ClusterMembers.start(dir, MEMBERS, location, credentials, keys);
                UdpSpreader spreader = UdpSpreader.start(cluster.coaps());
                NodeSwarm swarm = NodeSwarm.start(keys, spreader.address(), READINGS)) {
            assertThat(cluster.member(1).listening().group(3))
                    .as("one CA for the cluster")
                    .isEqualTo(cluster.member(0).listening().group(3))
                    .isEqualTo(cluster.member(2).listening().group(3));
            swarm.run(Duration.ofSeconds(1));
            awaitAcknowledged(swarm, 1500);

            Process killed = cluster.member(1).process();
            killed.destroyForcibly(); // SIGKILL
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            spreader.down(1);
            long killedAt = System.nanoTime();
            Thread.sleep(200); // answers the member sent just before it died have arrived; this measures nothing
            // Taken after the kill: what a node has acknowledged beyond this went through the members left.
            long[] beforeKill = perNode(swarm);
            long acknowledgedAtKill = swarm.counts().acknowledged();
            Duration failover = awaitEveryNodeAfter(swarm, beforeKill, killedAt);
            awaitAcknowledged(swarm, acknowledgedAtKill + 300);
            long[] afterKill = perNode(swarm);
            swarm.stop(Duration.ofSeconds(15));

            for (int i = 0; i < NODES; i++) {
                assertThat(afterKill[i]).as("node %d goes on after the kill", i).isGreaterThan(beforeKill[i]);
            }
            for (int m = 0; m < MEMBERS; m++) {
                assertThat(spreader.sentTo(m))
                        .as("datagrams spread to member %d", m)
                        .isPositive();
            }
            Stored stored = Stored.read(location, keys, swarm);
            String line = "cluster: members=" + MEMBERS + " nodes=" + NODES + " kills=1 stored=" + stored.rows()
                    + " lost=" + stored.lost() + " duplicated=" + stored.duplicated() + " acknowledged_after_kill="
                    + (swarm.counts().acknowledged() - acknowledgedAtKill) + " failover_ms=" + failover.toMillis()
                    + " forwarded=" + spreader.sentElsewhere() + " spread=" + spreader.sentTo(0) + "/"
                    + spreader.sentTo(1) + "/" + spreader.sentTo(2);
            stored.report("cluster", line, "kills=1");
        }
    }

    @Test
    void aMemberThatFallsSilent_whileTheDatabaseEndsItsSessions_andComesBack_losesNothingAndStoresNothingTwice()
            throws Exception {
        PostgresLocation location = TestDatabase.empty();
        Path credentials = Path.of(System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS"));
        List<PskCredential> keys = keys(2 * NODES);
        List<PskCredential> early = keys.subList(0, NODES); // report through the silence
        List<PskCredential> late = keys.subList(NODES, 2 * NODES); // first handshake after the member came back
        try (ClusterMembers cluster = ClusterMembers.start(dir, MEMBERS, location, credentials, keys);
                UdpSpreader spreader = UdpSpreader.start(cluster.coaps());
                NodeSwarm swarm = NodeSwarm.start(early, spreader.address(), READINGS)) {
            swarm.run(Duration.ofSeconds(1));
            awaitAcknowledged(swarm, 1500);

            long frozen = cluster.member(1).process().pid();
            signal("STOP", frozen); // its sockets and database sessions stay open; it answers nothing
            spreader.down(1);
            long frozenAt = System.nanoTime();
            // The database ends every collector session (a failover, or an administrator), the silent member's too,
            // with whatever transaction and row locks it held: each member must open new ones when it next stores.
            int ended = endCollectorSessions(location);
            Thread.sleep(200); // answers the member sent just before it stopped have arrived; this measures nothing
            long[] beforeFreeze = perNode(swarm);
            long acknowledgedAtFreeze = swarm.counts().acknowledged();
            Duration failover = awaitEveryNodeAfter(swarm, beforeFreeze, frozenAt);
            long[] duringFreeze = perNode(swarm);
            for (int i = 0; i < NODES; i++) {
                assertThat(duringFreeze[i])
                        .as("node %d goes on while the member is silent", i)
                        .isGreaterThan(beforeFreeze[i]);
            }

            signal("CONT", frozen);
            spreader.up(1);
            long handshakesBefore = spreader.handshakesTo(1);
            long[] beforeThaw = perNode(swarm);
            Stored stored;
            // New nodes handshake with every member, the one that came back too (address affinity over three
            // members: about a third of them), and store through its new database session.
            try (NodeSwarm newcomers = NodeSwarm.start(late, spreader.address(), READINGS)) {
                newcomers.run(Duration.ofSeconds(1));
                long[] none = new long[NODES];
                awaitEveryNodeAfter(newcomers, none, System.nanoTime());
                awaitAcknowledged(newcomers, 300);
                long[] newcomersDone = perNode(newcomers);
                newcomers.stop(Duration.ofSeconds(15));
                long[] afterThaw = perNode(swarm);
                swarm.stop(Duration.ofSeconds(15));

                assertThat(ended).as("collector sessions the database ended").isPositive();
                for (int i = 0; i < NODES; i++) {
                    assertThat(afterThaw[i])
                            .as("node %d goes on after the member came back", i)
                            .isGreaterThan(beforeThaw[i]);
                    assertThat(newcomersDone[i]).as("new node %d reports", i).isPositive();
                }
                assertThat(cluster.member(1).process().isAlive()).isTrue();
                assertThat(spreader.handshakesTo(1))
                        .as("new nodes handshook with the member that came back, which stores for them")
                        .isGreaterThan(handshakesBefore);
                stored = Stored.read(location, early, swarm).plus(Stored.read(location, late, newcomers));
            }
            String line = "cluster: members=" + MEMBERS + " nodes=" + 2 * NODES + " frozen=1 sessions_ended=" + ended
                    + " stored=" + stored.rows() + " lost=" + stored.lost() + " duplicated=" + stored.duplicated()
                    + " acknowledged_after_freeze=" + (swarm.counts().acknowledged() - acknowledgedAtFreeze)
                    + " failover_ms=" + failover.toMillis();
            stored.report("cluster-freeze", line, "faults=1");
        }
    }

    /** Sends {@code SIG<name>} to {@code pid} with kill(1): Java stops and continues no process itself. */
    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", name, pid).isZero();
    }

    /** Ends every session the collectors have open on the database; how many. */
    private static int endCollectorSessions(PostgresLocation location) throws Exception {
        try (Connection c = TestDatabase.connect(location);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))"
                        + " FROM pg_stat_activity WHERE application_name = 'fieldnode-collector'"
                        + " AND datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * What the store holds against what the nodes had acknowledged.
     *
     * @param lost readings a node had acknowledged that are not stored
     * @param duplicated rows beyond one per (device, sequence)
     * @param unsent readings stored beyond what a node had sent
     */
    private record Stored(long rows, long lost, long duplicated, long unsent) {
        static Stored read(PostgresLocation location, List<PskCredential> keys, NodeSwarm swarm) throws Exception {
            Set<String> stored = new HashSet<>();
            long rows;
            long distinct;
            try (Connection c = TestDatabase.connect(location);
                    Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT device, sequence FROM readings")) {
                    while (rs.next()) {
                        stored.add(rs.getString(1) + "#" + rs.getLong(2));
                    }
                }
                try (ResultSet rs =
                        s.executeQuery("SELECT count(*), count(DISTINCT (device, sequence)) FROM readings")) {
                    rs.next();
                    rows = rs.getLong(1);
                    distinct = rs.getLong(2);
                }
            }
            long lost = 0;
            long unsent = 0;
            for (int i = 0; i < keys.size(); i++) {
                long acknowledged = swarm.acknowledgedReadings(i);
                for (long sequence = 0; sequence < acknowledged; sequence++) {
                    if (!stored.contains(keys.get(i).identity() + "#" + sequence)) {
                        lost++;
                    }
                }
                // Beyond what was acknowledged only the one batch in flight at the stop may be stored.
                String prefix = keys.get(i).identity() + "#";
                unsent += stored.stream()
                        .filter(key -> key.startsWith(prefix))
                        .mapToLong(key -> Long.parseLong(key.substring(prefix.length())))
                        .filter(sequence -> sequence >= acknowledged + READINGS)
                        .count();
            }
            // UNIQUE (device, sequence) makes a second row for one reading impossible in the table itself; the count
            // is kept to show it, and "unsent" checks that nothing was stored that the node did not send.
            return new Stored(rows, lost, rows - distinct, unsent);
        }

        /** Two swarms' keys against one table: the table's rows and duplicates once, the losses of both. */
        Stored plus(Stored other) {
            return new Stored(rows, lost + other.lost, duplicated, unsent + other.unsent);
        }

        /**
         * Prints {@code line}, leaves it for the build's closing lines (examples/demo ReliabilitySummary repeats every
         * target/reliability/*.line and adds up the counters of every target/reliability/*.txt), and checks.
         */
        void report(String name, String line, String fault) throws Exception {
            System.out.println(line);
            Path reliability = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(reliability.resolve(name + ".line"), line + "\n");
            Files.writeString(
                    reliability.resolve(name + ".txt"), fault + "\nlost=" + lost + "\nduplicated=" + duplicated + "\n");
            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
            assertThat(unsent).as("readings stored beyond what the nodes sent").isZero();
        }
    }

    private static long[] perNode(NodeSwarm swarm) {
        long[] readings = new long[NODES];
        for (int i = 0; i < NODES; i++) {
            readings[i] = swarm.acknowledgedReadings(i);
        }
        return readings;
    }

    /**
     * Waits (up to 180 s) until every node has had a reading acknowledged since {@code before}: a node whose session
     * was on the killed member first waits out its exchange (CoAP's retransmissions), then starts a new handshake.
     *
     * @return the failover time: from the kill until the last node's first acknowledgement after it
     */
    private static Duration awaitEveryNodeAfter(NodeSwarm swarm, long[] before, long killedAt)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            long[] now = perNode(swarm);
            boolean all = true;
            for (int i = 0; i < NODES; i++) {
                all &= now[i] > before[i];
            }
            if (all) {
                return Duration.ofNanos(System.nanoTime() - killedAt);
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - killedAt);
    }

    private static void awaitAcknowledged(NodeSwarm swarm, long reports) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (swarm.counts().acknowledged() < reports && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(swarm.counts().acknowledged())
                .as("acknowledged reports (failures: %s)", swarm.failures())
                .isGreaterThanOrEqualTo(reports);
    }
}
