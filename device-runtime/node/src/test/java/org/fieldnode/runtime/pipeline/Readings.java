// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.api.Channel;

/** Readings for stage tests: one series unless told, timestamps in seconds of monotonic time. */
final class Readings {
    static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private Readings() {}

    static Reading temperature(double value, long second) {
        return at("env0", Channel.AMBIENT_TEMPERATURE, value, second);
    }

    static Reading at(String sensor, Channel channel, double value, long second) {
        return new Reading(sensor, channel, value, Duration.ofSeconds(second).toNanos(), T0.plusSeconds(second));
    }

    /** Runs each reading through {@code stage} and collects what it emits. */
    static List<Reading> run(Stage stage, List<Reading> in) {
        List<Reading> out = new ArrayList<>();
        in.forEach(r -> stage.accept(r, out::add));
        return out;
    }

    static List<Double> values(List<Reading> readings) {
        return readings.stream().map(Reading::value).toList();
    }

    /** Temperatures 1 s apart, starting at second 0. */
    static List<Reading> series(double... values) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            readings.add(temperature(values[i], i));
        }
        return readings;
    }
}
