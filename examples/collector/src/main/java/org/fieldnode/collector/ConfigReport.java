// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.protocol.desired.DesiredConfigCodec;

/**
 * What a node says about its configuration in the Uri-Query of a report: {@code c=<applied>}, and after a refusal
 * {@code cr=<version>} and {@code cw=<reason>} (see {@link DesiredConfigCodec}).
 *
 * @param applied the version the node runs, 0 for none
 * @param rejected the version it refused, if it says so
 * @param reason why, printable ASCII of at most {@value DesiredConfigCodec#MAX_REASON_BYTES} bytes
 */
public record ConfigReport(long applied, OptionalLong rejected, Optional<String> reason) {
    /**
     * Reads the options; empty when the node sent no {@code c=} (it does not take desired configurations) or
     * sent one that is malformed. A malformed report never costs the node its batch: the readings are still
     * stored and acknowledged, only the configuration exchange is skipped.
     */
    public static Optional<ConfigReport> fromQueries(List<String> queries) {
        OptionalLong applied = OptionalLong.empty();
        OptionalLong rejected = OptionalLong.empty();
        Optional<String> reason = Optional.empty();
        for (String query : queries) {
            if (query.startsWith(DesiredConfigCodec.APPLIED + "=")) {
                applied = version(query.substring(2));
                if (applied.isEmpty()) {
                    return Optional.empty();
                }
            } else if (query.startsWith(DesiredConfigCodec.REJECTED + "=")) {
                rejected = version(query.substring(3));
                if (rejected.isEmpty() || rejected.getAsLong() == 0) {
                    return Optional.empty();
                }
            } else if (query.startsWith(DesiredConfigCodec.REASON + "=")) {
                reason = Optional.of(DesiredConfigCodec.shortReason(query.substring(3)));
            }
        }
        if (applied.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new ConfigReport(applied.getAsLong(), rejected, rejected.isPresent() ? reason : Optional.empty()));
    }

    private static OptionalLong version(String digits) {
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long version = Long.parseLong(digits);
        return version > DesiredConfigCodec.MAX_VERSION ? OptionalLong.empty() : OptionalLong.of(version);
    }
}
