// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.drivers.api.Channel;

/**
 * One-byte codes for channels in queue records, frozen here rather than taken from {@link Channel#ordinal()} so
 * that reordering or extending the enum never changes what a stored record means. A channel without a code is
 * stored by its quantity name (code 0). Codes are never reused; a new channel may take the next free code. The
 * list repeats the wire contract's {@code Quantities.NAMES} on purpose: that one is a vocabulary that may be
 * reordered and grow, this one is a disk format that may only grow at its end ({@code FrozenQueueFormatTest}).
 */
final class ChannelCodes {
    /** Index = code; entry 0 is the "quantity name follows" escape. */
    private static final List<String> QUANTITIES = List.of(
            "",
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
            "queued",
            "dropped",
            "state",
            "uptime",
            "storage_free",
            "delivery",
            "undelivered",
            "report_interval");

    private static final Map<String, Channel> BY_QUANTITY = new HashMap<>();
    private static final Map<Channel, Integer> CODES = new HashMap<>();

    static {
        for (Channel c : Channel.values()) {
            BY_QUANTITY.put(c.quantity(), c);
            int code = QUANTITIES.indexOf(c.quantity());
            if (code > 0) {
                CODES.put(c, code);
            }
        }
    }

    private ChannelCodes() {}

    /** The channel's code, or 0 when it has none and its quantity name must follow. */
    static int codeOf(Channel channel) {
        return CODES.getOrDefault(channel, 0);
    }

    /** The channel with code {@code code} (> 0), if the code is assigned and the channel still exists. */
    static Optional<Channel> byCode(int code) {
        return code > 0 && code < QUANTITIES.size() ? byQuantity(QUANTITIES.get(code)) : Optional.empty();
    }

    static Optional<Channel> byQuantity(String quantity) {
        return Optional.ofNullable(BY_QUANTITY.get(quantity));
    }
}
