// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.util.Optional;

/**
 * The SenML labels of RFC 8428 §4.1/§4.2 with their JSON names and CBOR integer labels (§6, Table 6), and
 * fieldnode's extensions: {@code tq_}, present with the value 1 on a record whose time was taken on a clock that
 * no source had synchronised, and the compact-pack fields {@code dt_}, {@code to_} and {@code df_} (see each
 * constant). Their names end in {@code _}, so a receiver that does not know them must refuse the pack rather than
 * misread it (RFC 8428 §4.4); in CBOR they are written as those text labels, extensions having no integer label.
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
    TIME_QUALITY("tq_", Integer.MIN_VALUE),
    /**
     * fieldnode's time step, in seconds (a number &gt; 0, resolved to whole microseconds, at most 366 days). A base
     * field: it holds for the record that carries it and every later one, until set again. While it holds, a record
     * without {@code t} has the time of the record before it in the pack plus the step; a record with {@code t} has
     * {@code bt + t} as RFC 8428 §4.5.3 says, and so has a record without {@code t} when no step holds yet or it is
     * the first record. A regular run of readings thus costs only its values; a missed sample costs one {@code t}.
     */
    TIME_STEP("dt_", Integer.MIN_VALUE),
    /**
     * fieldnode's record order, on record 0 only, value 1: the sender's order of the records is their order by
     * resolved time, records of equal time in their order in the pack (a stable sort). Lets a batch travel in series
     * runs and be numbered in the order it was sampled.
     */
    TIME_ORDER("to_", Integer.MIN_VALUE),
    /**
     * fieldnode's number reading, on record 0 only, value 1: every CBOR half or single float in the pack stands for
     * the shortest decimal that rounds to it at its width (see {@code DecimalFloats}), not for its exact binary
     * value. Meaningless in JSON, whose numbers are decimal already; accepted there.
     */
    DECIMAL_FLOATS("df_", Integer.MIN_VALUE);

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
