// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.math.BigInteger;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.ResumptionSupportingConnectionStore;
import org.fieldnode.security.event.SecurityEventCode;
import org.tinylog.Logger;

/**
 * The collector's hand on its DTLS connection table: it bounds the sessions one credential holds at once
 * (SECURITY R40) and ends chosen sessions (R20), through Scandium's own hooks: a {@link ConnectionListener} is told
 * of every connection established and removed, and the connection store the connector was built on ({@link
 * CollectorConnector}) removes a connection in that connection's own serial executor, as Scandium's {@code
 * DTLSConnector.startTerminateConnectionsForPrincipal} does.
 *
 * <p><b>Per-credential bound.</b> A credential is a PSK identity, or the node id (certificate subject) of a
 * certificate node, whichever certificate of it. When one holds more than {@code limit} established connections,
 * the oldest are removed: newest wins, so a node that restarts without its saved session, or moves, is never locked
 * out by its own stale sessions, while one stolen or shared key cannot fill the table (10,000 connections) and the
 * heap. Removals are counted ({@link #evicted()}), logged at most once a minute, and recorded as {@link
 * SecurityEventCode#SESSION_LIMIT} (rate-limited). A removed peer finds out at its next record, which goes
 * unanswered, and does a new handshake.
 *
 * <p>Connections restored from a saved session state at start-up are not counted until they handshake again.
 */
final class CredentialSessions implements ConnectionListener {
    /** Sessions one credential may hold by default: a node's report and EST sessions, and one spare. */
    static final int DEFAULT_LIMIT = 3;

    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final int limit;
    private final CollectorEvents events;
    private final Map<String, ArrayDeque<Connection>> byCredential = new HashMap<>();
    private final Map<Connection, Held> held = new IdentityHashMap<>();
    private final AtomicLong evicted = new AtomicLong();
    private final Map<String, BigInteger> superseded = new HashMap<>(); // node id -> its current serial
    private volatile ResumptionSupportingConnectionStore store;
    private long loggedAt;
    private boolean loggedOnce;

    CredentialSessions(int limit, CollectorEvents events) {
        if (limit < 1) {
            throw new IllegalArgumentException("a credential needs at least 1 session, got " + limit);
        }
        this.limit = limit;
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The store the connector keeps its connections in; attached once, before the connector starts. */
    void attach(ResumptionSupportingConnectionStore connections) {
        this.store = Objects.requireNonNull(connections, "connections");
    }

    /** Connections removed because their credential held too many. */
    long evicted() {
        return evicted.get();
    }

    /** Established connections in the table now (also those in the middle of a new handshake). */
    int connections(int capacity) {
        ResumptionSupportingConnectionStore s = store;
        return s == null ? 0 : capacity - s.remainingCapacity();
    }

    /** What a counted connection authenticated as, taken when it was established. */
    private record Held(String credential, Principal peer) {}

    /** Established connections of {@code credential} ({@link #credential}'s form) that are counted now. */
    synchronized int held(String credential) {
        ArrayDeque<Connection> connections = byCredential.get(credential);
        return connections == null ? 0 : connections.size();
    }

    /**
     * Ends the sessions of {@code nodeId}'s certificates other than {@code current} when the node first connects
     * with {@code current}, or when {@link #endSuperseded} is called, whichever comes first (R20).
     */
    void supersedeOnFirstUse(String nodeId, BigInteger current) {
        synchronized (this) {
            superseded.put(nodeId, current);
        }
    }

    /**
     * Ends every counted connection whose credential is a certificate of {@code nodeId} with another serial than
     * {@code current}: the sessions of a certificate a renewal superseded (R20).
     *
     * @return how many were ended
     */
    int endSuperseded(String nodeId, BigInteger current) {
        synchronized (this) {
            superseded.remove(nodeId, current);
        }
        String credential = "x509:" + nodeId;
        return end(h -> h.credential().equals(credential)
                && h.peer() instanceof X509CertPath path
                && !path.getTarget().getSerialNumber().equals(current));
    }

    private int end(Predicate<Held> which) {
        List<Connection> chosen = new ArrayList<>();
        synchronized (this) {
            held.forEach((connection, h) -> {
                if (which.test(h)) {
                    chosen.add(connection);
                }
            });
        }
        chosen.forEach(this::remove);
        return chosen.size();
    }

    @Override
    public void onConnectionEstablished(Connection connection) {
        Principal peer = connection.getEstablishedPeerIdentity();
        String credential = credential(peer);
        if (credential == null) {
            return;
        }
        List<Connection> over = new ArrayList<>();
        int count;
        synchronized (this) {
            forget(connection);
            ArrayDeque<Connection> connections = byCredential.computeIfAbsent(credential, k -> new ArrayDeque<>());
            connections.addLast(connection);
            held.put(connection, new Held(credential, peer));
            while (connections.size() > limit) {
                Connection oldest = connections.removeFirst();
                held.remove(oldest);
                over.add(oldest);
            }
            count = connections.size() + over.size();
        }
        if (!over.isEmpty()) {
            over.forEach(this::remove);
            long total = evicted.addAndGet(over.size());
            report(credential, count, total);
        }
        if (peer instanceof X509CertPath path) {
            String nodeId = credential.substring("x509:".length());
            BigInteger serial = path.getTarget().getSerialNumber();
            boolean firstUse;
            synchronized (this) {
                firstUse = serial.equals(superseded.get(nodeId));
            }
            if (firstUse) {
                int ended = endSuperseded(nodeId, serial);
                Logger.info("{} connected with its renewed certificate; {} older session(s) ended", nodeId, ended);
            }
        }
    }

    @Override
    public void onConnectionRemoved(Connection connection) {
        synchronized (this) {
            forget(connection);
        }
    }

    private void forget(Connection connection) {
        Held h = held.remove(connection);
        if (h != null) {
            ArrayDeque<Connection> connections = byCredential.get(h.credential());
            connections.removeIf(c -> c == connection); // identity: Connection's equals compares state
            if (connections.isEmpty()) {
                byCredential.remove(h.credential());
            }
        }
    }

    /** Removes {@code connection} from the table in its own serial executor (where Scandium itself does it). */
    private void remove(Connection connection) {
        ResumptionSupportingConnectionStore s = store;
        if (s == null) {
            return;
        }
        Runnable removal = () -> s.remove(connection, true);
        try {
            if (connection.getExecutor() != null) {
                connection.getExecutor().execute(removal);
                return;
            }
        } catch (RejectedExecutionException e) {
            // its executor is shut down: the connection is being removed already
            return;
        }
        removal.run();
    }

    private void report(String credential, int held, long total) {
        events.record(
                SecurityEventCode.SESSION_LIMIT,
                credential.substring(credential.indexOf(':') + 1),
                held + " DTLS sessions of one credential, at most " + limit + "; the oldest ended");
        boolean log;
        synchronized (this) {
            long now = System.nanoTime();
            log = !loggedOnce || now - loggedAt >= LOG_INTERVAL_NANOS;
            if (log) {
                loggedOnce = true;
                loggedAt = now;
            }
        }
        if (log) {
            Logger.warn(
                    "DTLS sessions: {} held {} at once, at most {} are kept; the oldest ended ({} so far, logged at most"
                            + " once a minute)",
                    Printable.of(credential),
                    held,
                    limit,
                    total);
        }
    }

    /**
     * {@code psk:<identity>} or {@code x509:<subject>} (a certificate node's subject is its node id), or null for
     * a connection without an authenticated peer.
     */
    static String credential(Principal peer) {
        return switch (peer) {
            case PreSharedKeyIdentity psk -> "psk:" + psk.getIdentity();
            case X509CertPath path -> "x509:" + subjectName(path.getTarget());
            case null -> null;
            default -> peer.getClass().getSimpleName() + ":" + peer.getName();
        };
    }

    private static String subjectName(X509Certificate leaf) {
        String name = leaf.getSubjectX500Principal().getName();
        return name.startsWith("CN=") && name.indexOf(',') < 0 ? name.substring(3) : name;
    }

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
        return false;
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        return false;
    }

    @Override
    public void beforeExecution(Connection connection) {}

    @Override
    public void updateExecution(Connection connection) {}

    @Override
    public void afterExecution(Connection connection) {}
}
