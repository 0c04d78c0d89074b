// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

/**
 * Where a received record's time came from, so that a time the receiver made up is never taken for one a clock
 * read. The collector stores {@link #code()}.
 */
public enum SenmlTimeQuality {
    /** An absolute time (≥ 2^28 s, RFC 8428 §4.5.3) off a clock the sender trusts. */
    SYNCED("synced"),
    /** An absolute time off a clock no source had synchronised (fieldnode's {@code tq_}). */
    UNSYNCED("unsynced"),
    /** A time below 2^28 s, relative to the time of receipt (RFC 8428 §4.5.3), resolved against that time. */
    RELATIVE("relative"),
    /** No time at all ("roughly now", RFC 8428 §4.5.3): the time of receipt. */
    RECEIPT("receipt");

    private final String code;

    SenmlTimeQuality(String code) {
        this.code = code;
    }

    /** The stored and exported word: {@code synced}, {@code unsynced}, {@code relative} or {@code receipt}. */
    public String code() {
        return code;
    }

    /** The quality stored as {@code code}; {@code null} and unknown words read as {@link #SYNCED}. */
    public static SenmlTimeQuality ofCode(String code) {
        for (SenmlTimeQuality quality : values()) {
            if (quality.code.equals(code)) {
                return quality;
            }
        }
        return SYNCED;
    }
}
