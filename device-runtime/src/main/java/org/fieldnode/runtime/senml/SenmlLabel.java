// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.senml;

import java.util.Optional;

/**
 * The SenML labels of RFC 8428 §4.1/§4.2 with their JSON names and CBOR integer labels (§6, Table 6), and
 * fieldnode's one extension: {@code tq_}, present with the value 1 on a record whose time was taken on a clock that
 * no source had synchronised. Its name ends in {@code _}, so a receiver that does not know it must refuse the pack
 * rather than trust the time (RFC 8428 §4.4); in CBOR it is written as that text label, extensions having no
 * integer label.
 */
enum SenmlLabel {
    BASE_VERSION("bver", -1),
    BASE_NAME("bn", -2),
    BASE_TIME("bt", -3),
    BASE_UNIT("bu", -4),
    BASE_VALUE("bv", -5),
    BASE_SUM("bs", -6),
    NAME("n", 0),
    UNIT("u", 1),
    VALUE("v", 2),
    STRING_VALUE("vs", 3),
    BOOLEAN_VALUE("vb", 4),
    SUM("s", 5),
    TIME("t", 6),
    UPDATE_TIME("ut", 7),
    DATA_VALUE("vd", 8),
    TIME_QUALITY("tq_", Integer.MIN_VALUE);

    private final String json;
    private final int cbor;

    SenmlLabel(String json, int cbor) {
        this.json = json;
        this.cbor = cbor;
    }

    String json() {
        return json;
    }

    int cbor() {
        return cbor;
    }

    /** True for an extension label, written as a text label in CBOR. */
    boolean textInCbor() {
        return cbor == Integer.MIN_VALUE;
    }

    static Optional<SenmlLabel> byJson(String name) {
        for (SenmlLabel label : values()) {
            if (label.json.equals(name)) {
                return Optional.of(label);
            }
        }
        return Optional.empty();
    }

    static Optional<SenmlLabel> byCbor(long key) {
        for (SenmlLabel label : values()) {
            if (!label.textInCbor() && label.cbor == key) {
                return Optional.of(label);
            }
        }
        return Optional.empty();
    }

    /** How messages name the label: its JSON name in quotes, whatever the format. */
    @Override
    public String toString() {
        return "\"" + json + "\"";
    }
}
