// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stored readings a query wants: optionally one device, and observation times in {@code [since, until)}.
 *
 * @param device only this device's readings, or every device when empty
 * @param since the earliest observation time included, or no lower bound when empty
 * @param until the first observation time excluded, or no upper bound when empty
 */
public record ReadingFilter(Optional<String> device, Optional<Instant> since, Optional<Instant> until) {
    /** Every reading. */
    public static final ReadingFilter ALL = new ReadingFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public ReadingFilter {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }

    /** True when {@code reading} passes this filter. */
    public boolean accepts(StoredReading reading) {
        return device.map(reading.device()::equals).orElse(true)
                && since.map(s -> !reading.time().isBefore(s)).orElse(true)
                && until.map(u -> reading.time().isBefore(u)).orElse(true);
    }
}
