// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The readings resource: a node POSTs each batch, confirmable, as SenML (Content-Format 112 CBOR or 110 JSON, {@link
 * org.fieldnode.protocol.senml.SenmlFormat}) to {@code /}{@value #PATH}, with the Uri-Query {@code s=<sequence>}: the
 * sequence number of the batch's first reading, the readings after it numbered on. A collector stores each (node,
 * sequence) once, so a retransmission is acknowledged again and stored never twice. Other SenML clients may leave
 * {@code s=} out; the collector then keeps each (device, series, time) once (at least once, see the collector's
 * WIRE-CONTRACT.md). The desired-configuration queries
 * ({@code c=}, {@code cr=}, {@code cw=}) go with it ({@link org.fieldnode.protocol.desired.DesiredConfigCodec}).
 */
public final class Readings {
    /** The resource's path (one Uri-Path option). */
    public static final String PATH = "r";

    /** The Uri-Query name of the sequence number. */
    public static final String SEQUENCE = "s";

    private Readings() {}

    /** The Uri-Query option carrying {@code sequence}: {@code s=<sequence>}. */
    public static String sequenceQuery(long sequence) {
        return SEQUENCE + "=" + sequence;
    }

    /**
     * The sequence number of a request: exactly one {@code s=<decimal 0..2^63-1>} among its Uri-Query options, or
     * empty when there is none, more than one, or a malformed one.
     */
    public static Optional<Long> sequence(List<String> queries) {
        Optional<Long> found = Optional.empty();
        for (String query : queries) {
            if (!query.startsWith(SEQUENCE + "=")) {
                continue;
            }
            if (found.isPresent()) {
                return Optional.empty();
            }
            String digits = query.substring(2);
            if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            try {
                found = Optional.of(Long.parseLong(digits));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return found;
    }
}
