// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.Objects;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;

/**
 * One reading as the collector stored it, with its SenML type (RFC 8428 §4.2): a number, string, boolean or data
 * value, an optional sum, or a sum alone.
 *
 * @param device the node's authenticated identity (its DTLS PSK identity), never taken from the payload
 * @param name the series name relative to the node's base name {@code urn:dev:ops:<device>:}, e.g.
 *     {@code env0/temperature}
 * @param unit the SenML unit symbol, e.g. {@code Cel}; {@code ""} when none was sent
 * @param time when the value was observed; see {@code timeQuality} for where it came from
 * @param sequence the sender's sequence number of this reading (the batch's {@code s} plus the record's index), or
 *     {@link #NO_SEQUENCE} for a client that sends no {@code s=} (kept once per device, series and time instead)
 * @param typed the value field, or {@code null} for a reading that carries only a sum
 * @param sum the sum ({@code s}), or {@code null}
 * @param timeQuality a clock time (synchronised or not), a time relative to receipt, or the time of receipt
 */
public record StoredReading(
        String device,
        String name,
        String unit,
        Instant time,
        long sequence,
        SenmlValue typed,
        Double sum,
        SenmlTimeQuality timeQuality) {
    /** The sequence of a reading from a client that sends none. */
    public static final long NO_SEQUENCE = -1;

    public StoredReading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timeQuality, "timeQuality");
        if (typed == null && sum == null) {
            throw new IllegalArgumentException("reading " + name + " has neither a value nor a sum");
        }
        if (sequence < NO_SEQUENCE) {
            throw new IllegalArgumentException("sequence " + sequence + " is negative");
        }
    }

    /** A numeric reading ({@code v}). */
    public StoredReading(
            String device, String name, double value, String unit, Instant time, long sequence, boolean timeUnsynced) {
        this(
                device,
                name,
                unit,
                time,
                sequence,
                new SenmlValue.Numeric(value),
                null,
                timeUnsynced ? SenmlTimeQuality.UNSYNCED : SenmlTimeQuality.SYNCED);
    }

    /** A numeric reading whose time was taken on a synchronised clock. */
    public StoredReading(String device, String name, double value, String unit, Instant time, long sequence) {
        this(device, name, value, unit, time, sequence, false);
    }

    /**
     * The reading as a number, for charts and health figures: the {@code v} value, 1 or 0 for a boolean, the sum
     * of a reading with only a sum, and NaN for strings and data.
     */
    public double value() {
        return switch (typed) {
            case SenmlValue.Numeric n -> n.number();
            case SenmlValue.Flag f -> f.flag() ? 1 : 0;
            case SenmlValue.Text t -> Double.NaN;
            case SenmlValue.Data d -> Double.NaN;
            case null -> sum;
        };
    }

    /** True when the value is a number ({@code v}) or the reading has only a sum. */
    public boolean numeric() {
        return typed == null || typed instanceof SenmlValue.Numeric;
    }

    /** The SenML label of the value: {@code v}, {@code vs}, {@code vb}, {@code vd}, or {@code s} for a sum alone. */
    public String valueType() {
        return typed == null ? "s" : typed.label();
    }

    /** True when the sender numbered this reading ({@code s=}): stored exactly once per (device, sequence). */
    public boolean sequenced() {
        return sequence != NO_SEQUENCE;
    }

    /** True when the sender took {@code time} off a clock no source had synchronised. */
    public boolean timeUnsynced() {
        return timeQuality == SenmlTimeQuality.UNSYNCED;
    }
}
