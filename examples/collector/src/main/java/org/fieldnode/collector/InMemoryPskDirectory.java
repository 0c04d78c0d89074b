// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldnode.security.psk.PskCredential;

/** A {@link PskDirectory} held in memory, for the demo and tests. Thread-safe. */
public final class InMemoryPskDirectory implements PskDirectory {
    private final Map<String, PskCredential> byIdentity = new ConcurrentHashMap<>();

    /** Registers (or replaces) the credential of one node; returns this directory for chaining. */
    public InMemoryPskDirectory add(PskCredential credential) {
        Objects.requireNonNull(credential, "credential");
        byIdentity.put(credential.identity(), credential);
        return this;
    }

    /** Forgets a node: its next handshake fails. Established sessions stay until they expire. */
    public void remove(String identity) {
        byIdentity.remove(identity);
    }

    @Override
    public Optional<PskCredential> lookup(String identity) {
        return Optional.ofNullable(byIdentity.get(identity));
    }

    /** The identities registered, sorted. */
    public java.util.SortedSet<String> identities() {
        return new java.util.TreeSet<>(byIdentity.keySet());
    }

    /** How many nodes are registered. */
    public int size() {
        return byIdentity.size();
    }

    @Override
    public String toString() {
        return "InMemoryPskDirectory[" + byIdentity.size() + " identities]";
    }
}
