// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The health figures carried by one batch's newly stored {@link HealthNames health readings}; empty fields were not
 * in the batch. Stores keep the latest delivered value of each field.
 */
public record DeviceHealth(
        Instant time,
        Optional<String> state,
        OptionalLong queueDepth,
        OptionalLong dropped,
        OptionalDouble battery,
        String batteryUnit) {

    /** The health figures among {@code added}, or empty when it holds no health reading. */
    public static Optional<DeviceHealth> of(List<StoredReading> added) {
        Instant time = null;
        Optional<String> state = Optional.empty();
        OptionalLong queueDepth = OptionalLong.empty();
        OptionalLong dropped = OptionalLong.empty();
        OptionalDouble battery = OptionalDouble.empty();
        String batteryUnit = "";
        for (StoredReading r : added) {
            if (!r.numeric()) {
                continue; // health figures are numbers; a foreign client's string under these names is just a reading
            }
            switch (r.name()) {
                case HealthNames.QUEUED -> queueDepth = OptionalLong.of(Math.round(r.value()));
                case HealthNames.DROPPED -> dropped = OptionalLong.of(Math.round(r.value()));
                case HealthNames.BATTERY -> {
                    battery = OptionalDouble.of(r.value());
                    batteryUnit = r.unit();
                }
                case HealthNames.STATE -> state = HealthNames.stateName(r.value());
                default -> {
                    continue;
                }
            }
            time = time == null || r.time().isAfter(time) ? r.time() : time;
        }
        return time == null
                ? Optional.empty()
                : Optional.of(new DeviceHealth(time, state, queueDepth, dropped, battery, batteryUnit));
    }
}
