// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.fieldnode.runtime.sampling.ClockTrust;
import org.tinylog.Logger;

/**
 * Whether this machine's wall clock is synchronised, as systemd knows it: {@code systemd-timesyncd} touches
 * {@code /run/systemd/timesync/synchronized} once it has set the clock from NTP, and {@code timedatectl show -p
 * NTPSynchronized} reports the kernel's view for other NTP clients (chrony, ntpd). Once synchronised the clock
 * stays trusted for the rest of the run: losing the network later leaves a clock that drifts by seconds a day, not
 * one that starts in 1970. On a host without systemd nothing tells, and the clock is trusted (logged once).
 * The answer is cached for a minute, so asking on every sample costs nothing.
 */
public final class SystemClockTrust implements ClockTrust {
    private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path root;
    private final LongSupplier nanoTime;
    private volatile boolean trusted;
    private long checkedAt;
    private boolean checkedOnce;

    /** @param root the file-system root to look under ({@code /} on a node; a fake tree in tests) */
    public SystemClockTrust(Path root, LongSupplier nanoTime) {
        this.root = root;
        this.nanoTime = nanoTime;
    }

    public static SystemClockTrust system() {
        return new SystemClockTrust(Path.of("/"), System::nanoTime);
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

    private boolean check() {
        if (Files.exists(root.resolve("run/systemd/timesync/synchronized"))) {
            return true;
        }
        if (!Files.isDirectory(root.resolve("run/systemd/system"))) {
            Logger.info("No systemd here to tell whether the clock is synchronised; trusting the wall clock");
            return true;
        }
        return timedatectlSaysSynchronised();
    }

    private boolean timedatectlSaysSynchronised() {
        try {
            Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return answer.equals("yes");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
