// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.cli;

import java.time.Duration;
import org.fieldnode.protocol.Intervals;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h} on the command line ({@link Intervals}). */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Intervals.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
