// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One resolved SenML record as a receiver got it from any client (RFC 8428 §4.6): base fields applied, every value
 * type, and a time made absolute against the time of receipt where the record's was relative or absent.
 *
 * @param name the full name (RFC 8428 §4.5.1)
 * @param unit the SenML unit symbol, {@code ""} for none
 * @param value the one value field, or {@code null} when the record carries only a sum
 * @param sum the sum ({@code bs + s}), or {@code null} when the record carries none; finite
 * @param time the resolved time, to the microsecond
 * @param timeQuality where {@code time} came from
 */
public record ReceivedRecord(
        String name, String unit, SenmlValue value, Double sum, Instant time, SenmlTimeQuality timeQuality) {
    public ReceivedRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timeQuality, "timeQuality");
        if (value == null && sum == null) {
            throw new IllegalArgumentException(name + " has neither a value nor a sum (RFC 8428 §4.6)");
        }
        if (sum != null && !Double.isFinite(sum)) {
            throw new IllegalArgumentException("sum of " + name + " must be finite");
        }
    }

    /** The value, empty for a record with only a sum. */
    public Optional<SenmlValue> optionalValue() {
        return Optional.ofNullable(value);
    }

    /** The sum, empty when the record has none. */
    public OptionalDouble optionalSum() {
        return sum == null ? OptionalDouble.empty() : OptionalDouble.of(sum);
    }
}
