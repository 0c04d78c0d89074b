// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.Reporter;

/**
 * A reporter built on its own thread while the node opens its queue and starts sampling, so that on a fresh JVM
 * the first readings are taken while the DTLS stack is still starting, instead of after it (BENCHMARKS.md,
 * start-up). Delivery waits here for the reporter; {@link #awaitBuilt} lets the node's start fail as before
 * when the reporter cannot be built.
 */
final class ReporterBeingBuilt implements Reporter {
    private final CompletableFuture<Reporter> built = new CompletableFuture<>();

    ReporterBeingBuilt(Supplier<? extends Reporter> build) {
        Thread thread = new Thread(
                () -> {
                    try {
                        built.complete(build.get());
                    } catch (RuntimeException | Error e) {
                        built.completeExceptionally(e);
                    }
                },
                "fieldnode-reporter-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for the reporter; rethrows what building it threw. */
    void awaitBuilt() throws InterruptedException {
        try {
            built.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) e.getCause();
        }
    }

    @Override
    public ReportResult report(Batch batch) throws InterruptedException {
        Reporter reporter = reporterOrNull();
        return reporter == null
                ? new ReportResult.Unreachable(batch.sequence(), "the reporter could not be started")
                : reporter.report(batch);
    }

    @Override
    public int fittingReadings(Batch batch) {
        try {
            Reporter reporter = reporterOrNull();
            return reporter == null ? batch.readings().size() : reporter.fittingReadings(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return batch.readings().size();
        }
    }

    @Override
    public void close() {
        // A reporter still starting is closed as soon as it is built.
        built.thenAccept(Reporter::close);
    }

    private Reporter reporterOrNull() throws InterruptedException {
        try {
            return built.get();
        } catch (ExecutionException e) {
            return null;
        }
    }
}
