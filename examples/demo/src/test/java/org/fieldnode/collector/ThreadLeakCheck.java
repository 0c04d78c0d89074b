// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Remembers the live threads at creation and asserts later that every thread started since has ended. */
final class ThreadLeakCheck {
    private final Set<Thread> before = Thread.getAllStackTraces().keySet();

    void assertNoNewThreads(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        Set<String> leaked = newThreads();
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            leaked = newThreads();
        }
        assertThat(leaked).as("threads still running after close").isEmpty();
    }

    private Set<String> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread))
                .filter(thread -> !isJdkHousekeeping(thread))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** Threads the JDK starts on demand and keeps for the JVM's life; not ours to stop. */
    private static boolean isJdkHousekeeping(Thread thread) {
        String name = thread.getName();
        return name.equals("Common-Cleaner")
                || name.startsWith("process reaper")
                || name.startsWith("InnocuousThread")
                || name.equals("Attach Listener");
    }
}
