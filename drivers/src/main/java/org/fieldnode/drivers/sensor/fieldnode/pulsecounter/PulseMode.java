// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

import org.fieldnode.drivers.api.Channel;

/** What the pulses measure, chosen by which scale property the profile gives. */
public enum PulseMode {
    /** Tipping-bucket rain gauge: {@code mm-per-pulse} (e.g. 0.2794 for a common 0.011-inch bucket). */
    RAIN("mm-per-pulse", Channel.RAIN),
    /** Cup anemometer: {@code ms-per-hz}, m/s per pulse per second (e.g. 0.667 for 2.4 km/h per Hz). */
    WIND("ms-per-hz", Channel.WIND_SPEED),
    /** Flow meter: {@code litres-per-pulse} (e.g. 1/450 for a YF-S201 hall-effect meter). */
    FLOW("litres-per-pulse", Channel.FLOW);

    private final String property;
    private final Channel channel;

    PulseMode(String property, Channel channel) {
        this.property = property;
        this.channel = channel;
    }

    /** The profile property that selects this mode and gives its scale. */
    public String property() {
        return property;
    }

    /** The channel this mode reports besides {@code count}. */
    public Channel channel() {
        return channel;
    }
}
