// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.util.EnumMap;
import java.util.Map;

/**
 * One record as read off the wire, before base fields are applied: known labels mapped to a scalar, which is a
 * {@code Double} (every number), {@code String}, {@code Boolean} or {@code byte[]} (CBOR byte string).
 */
final class RawRecord {
    private final int index;
    private final Map<SenmlLabel, Object> fields = new EnumMap<>(SenmlLabel.class);

    RawRecord(int index) {
        this.index = index;
    }

    int index() {
        return index;
    }

    /** Adds a field; a label that appears twice makes the record invalid (RFC 8428 §4.5.4 is silent; we refuse). */
    void put(SenmlLabel label, Object value) throws SenmlException {
        if (fields.putIfAbsent(label, value) != null) {
            throw SenmlException.inRecord(index, "duplicate label " + label);
        }
    }

    Object get(SenmlLabel label) {
        return fields.get(label);
    }

    boolean has(SenmlLabel label) {
        return fields.containsKey(label);
    }
}
