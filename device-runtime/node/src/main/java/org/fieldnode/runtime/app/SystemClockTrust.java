// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.fieldnode.runtime.sampling.ClockTrust;
import org.tinylog.Logger;

/**
 * Whether this machine's wall clock is synchronised, as the operating system knows it: {@code systemd-timesyncd}
 * touches {@code /run/systemd/timesync/synchronized} once it has set the clock from NTP, and {@code timedatectl show
 * -p NTPSynchronized} reports the kernel's own flag (STA_UNSYNC cleared in {@code adjtimex(2)}) for any NTP client
 * (chrony, ntpd). The node asks timedatectl rather than calling {@code adjtimex} itself: its unit runs with {@code
 * ProtectClock=yes}, which filters the clock system calls, and {@code systemd-timedated} answers over D-Bus from
 * outside that sandbox. Once synchronised the clock stays trusted for the rest of the run: losing the network later
 * leaves a clock that drifts by seconds a day, not one that starts in 1970. On a host without systemd nothing
 * tells, and the clock is trusted (logged once). The answer is cached for a minute, so asking on every sample costs
 * nothing.
 *
 * <p>Sampling asks it for the readings' time quality; enrolment asks {@link #forCertificates} before it judges a
 * certificate's validity (SECURITY R32).
 */
public final class SystemClockTrust implements ClockTrust {
    private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path root;
    private final LongSupplier nanoTime;
    private final Supplier<Optional<Boolean>> kernelSynchronised;
    private volatile boolean trusted;
    private long checkedAt;
    private boolean checkedOnce;
    private boolean loggedNoSystemd;

    /**
     * @param root the file-system root to look under ({@code /} on a node; a fake tree in tests)
     * @param kernelSynchronised the kernel's synchronised flag as systemd reports it; empty when it cannot tell
     */
    public SystemClockTrust(Path root, LongSupplier nanoTime, Supplier<Optional<Boolean>> kernelSynchronised) {
        this.root = Objects.requireNonNull(root, "root");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.kernelSynchronised = Objects.requireNonNull(kernelSynchronised, "kernelSynchronised");
    }

    public static SystemClockTrust system() {
        return new SystemClockTrust(Path.of("/"), System::nanoTime, SystemClockTrust::timedatectl);
    }

    @Override
    public synchronized boolean trusted() {
        if (trusted) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (checkedOnce && now - checkedAt < RECHECK_NANOS) {
            return false;
        }
        checkedOnce = true;
        checkedAt = now;
        trusted = check();
        if (trusted) {
            Logger.info("The wall clock is synchronised; readings carry absolute times");
        }
        return trusted;
    }

    /**
     * The clock trust enrolment uses to judge certificates (SECURITY R32): the wall clock is trusted once it is not
     * before {@code floor} (the bundle's {@code issued} time) and the operating system says it is synchronised.
     */
    public org.fieldnode.security.enrol.ClockTrust forCertificates(Instant floor) {
        org.fieldnode.security.enrol.ClockTrust notBefore = org.fieldnode.security.enrol.ClockTrust.notBefore(floor);
        return now -> notBefore.trusted(now) && trusted();
    }

    private boolean check() {
        if (Files.exists(root.resolve("run/systemd/timesync/synchronized"))) {
            return true;
        }
        if (!Files.isDirectory(root.resolve("run/systemd/system"))) {
            if (!loggedNoSystemd) {
                loggedNoSystemd = true;
                Logger.info("No systemd here to tell whether the clock is synchronised; trusting the wall clock");
            }
            return true;
        }
        return kernelSynchronised.get().orElse(false);
    }

    /** {@code timedatectl show -p NTPSynchronized --value}: yes, no, or empty when it does not answer in 2 s. */
    static Optional<Boolean> timedatectl() {
        try {
            Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return switch (answer) {
                case "yes" -> Optional.of(true);
                case "no" -> Optional.of(false);
                default -> Optional.empty();
            };
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
