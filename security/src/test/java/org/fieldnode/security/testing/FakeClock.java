// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A wall clock the test moves by hand. */
public final class FakeClock implements InstantSource {
    private Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    public synchronized void set(Instant to) {
        now = to;
    }
}
