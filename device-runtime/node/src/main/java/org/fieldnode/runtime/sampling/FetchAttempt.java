// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.fieldnode.drivers.api.Measurement;

/**
 * One open-and/or-fetch of one sensor on a worker thread. The scheduler may abandon it when it overruns its
 * deadline: the worker is interrupted (a driver waiting through its {@code Sleeper} stops early) and its outcome,
 * whenever it comes, is marked stale. An attempt abandoned before it started never runs.
 */
final class FetchAttempt implements Runnable {
    enum Abandon {
        /** Had not started and never will: nothing will be posted. */
        NEVER_STARTED,
        /** Was running: interrupted, and its outcome will be posted marked abandoned. */
        RUNNING,
        /** Had already finished: its outcome is on its way. */
        ALREADY_DONE
    }

    private enum State {
        NEW,
        RUNNING,
        DONE,
        ABANDONED
    }

    private final Supplier<Outcome> work;
    private final Consumer<Outcome> onDone;
    private State state = State.NEW;
    private Thread runner;

    /**
     * @param work opens and/or fetches; returns the outcome, never throws
     * @param onDone receives the outcome on the worker thread (and posts it to the scheduler thread)
     */
    FetchAttempt(Supplier<Outcome> work, Consumer<Outcome> onDone) {
        this.work = work;
        this.onDone = onDone;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (state != State.NEW) {
                return;
            }
            state = State.RUNNING;
            runner = Thread.currentThread();
        }
        Outcome outcome = work.get();
        synchronized (this) {
            if (state == State.RUNNING) {
                state = State.DONE;
            }
            runner = null;
        }
        // An interrupt aimed at this attempt must not leak into the pool thread's next task.
        Thread.interrupted();
        onDone.accept(outcome);
    }

    synchronized Abandon abandon() {
        return switch (state) {
            case NEW -> {
                state = State.ABANDONED;
                yield Abandon.NEVER_STARTED;
            }
            case RUNNING -> {
                state = State.ABANDONED;
                runner.interrupt();
                yield Abandon.RUNNING;
            }
            default -> Abandon.ALREADY_DONE;
        };
    }

    synchronized boolean abandoned() {
        return state == State.ABANDONED;
    }

    /** What one attempt produced. */
    sealed interface Outcome {
        /** True when this attempt opened the sensor (it was closed before). */
        boolean opened();
    }

    /** The sensor answered. */
    record Fetched(Measurement measurement, boolean opened) implements Outcome {}

    /** A re-open probe succeeded; nothing was fetched. */
    record Probed() implements Outcome {
        @Override
        public boolean opened() {
            return true;
        }
    }

    /** Opening or fetching failed. */
    record Failed(Throwable fault, boolean opened) implements Outcome {}
}
