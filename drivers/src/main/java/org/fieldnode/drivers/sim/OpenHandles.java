// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The handles a simulated bus has given out and not yet got back: what its {@code assertNoOpenHandles()} checks
 * after each test (okio's {@code checkNoOpenFiles} idea). Not thread-safe: the owning bus synchronises.
 */
final class OpenHandles<H> {
    private final String bus;
    private final Set<H> open = new LinkedHashSet<>();

    /** @param bus the bus name used in messages */
    OpenHandles(String bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    <T extends H> T add(T handle) {
        open.add(handle);
        return handle;
    }

    void remove(H handle) {
        open.remove(handle);
    }

    int count() {
        return open.size();
    }

    /** The handles still open, to close them when the bus shuts down. */
    List<H> all() {
        return List.copyOf(open);
    }

    /** @throws AssertionError naming every handle still open, so that the test shows who leaked it */
    void assertNone() {
        if (!open.isEmpty()) {
            throw new AssertionError("%s: %d handle(s) left open: %s".formatted(bus, open.size(), open));
        }
    }
}
