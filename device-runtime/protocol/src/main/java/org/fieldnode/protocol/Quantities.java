// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import java.util.List;
import java.util.Set;

/**
 * The quantity vocabulary: the second part of every series name ({@code temperature} in {@code env0/temperature}),
 * so node and collector must agree on it. A node's drivers measure these quantities (each with its SenML unit, in
 * {@code drivers.api.Channel}); the node's own health goes under {@code health/<quantity>} with {@code queued} to {@code report_interval}
 * and the last three, which are strings ({@code vs}). The
 * desired configuration refuses a deadband on a quantity outside this list. The node's tests hold this list equal to
 * the drivers' channels, so a new channel is added here too.
 */
public final class Quantities {
    /** Every quantity, in the order of the drivers' channels. */
    public static final List<String> NAMES = List.of(
            "temperature",
            "humidity",
            "pressure",
            "illuminance",
            "voltage",
            "current",
            "power",
            "co2",
            "pm1",
            "pm2_5",
            "pm10",
            "rain",
            "wind_speed",
            "water_level",
            "distance",
            "flow",
            "soil_moisture",
            "battery",
            "count",
            "conductivity",
            "mass",
            "queued",
            "dropped",
            "state",
            "uptime",
            "storage_free",
            "delivery",
            "undelivered",
            "report_interval",
            "contact",
            "rain_total",
            "software",
            "profile",
            "place");

    private static final Set<String> KNOWN = Set.copyOf(NAMES);

    private Quantities() {}

    /** True when {@code name} is a quantity of the vocabulary. */
    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }
}
