// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The value field of a SenML record (RFC 8428 §4.2): exactly one of a number ({@code v}), a string ({@code vs}), a
 * boolean ({@code vb}) or data ({@code vd}). A record carries at most one of them (RFC 8428 §4.5.4), besides an optional
 * sum ({@code s}), which is not a value field and is kept apart.
 */
public sealed interface SenmlValue {
    /** The JSON label of this kind of value: {@code v}, {@code vs}, {@code vb} or {@code vd}. */
    String label();

    /** A number ({@code v}): finite. */
    record Numeric(double number) implements SenmlValue {
        public Numeric {
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("a SenML number must be finite, got " + number);
            }
        }

        @Override
        public String label() {
            return "v";
        }
    }

    /** A string ({@code vs}), at most 1024 UTF-16 units. */
    record Text(String text) implements SenmlValue {
        public Text {
            Objects.requireNonNull(text, "text");
            if (text.length() > SenmlRules.MAX_TEXT_CHARS) {
                throw new IllegalArgumentException(
                        "a SenML string value holds at most " + SenmlRules.MAX_TEXT_CHARS + " characters");
            }
        }

        @Override
        public String label() {
            return "vs";
        }
    }

    /** A boolean ({@code vb}): a door open, a float switch up, a pump running. */
    record Flag(boolean flag) implements SenmlValue {
        @Override
        public String label() {
            return "vb";
        }
    }

    /**
     * Opaque data ({@code vd}), at most 1024 bytes: a CBOR byte string, in JSON base64url
     * without padding (RFC 8428 §5, RFC 4648 §5). Compared by content.
     */
    record Data(byte[] bytes) implements SenmlValue {
        public Data {
            Objects.requireNonNull(bytes, "bytes");
            if (bytes.length > SenmlRules.MAX_DATA_BYTES) {
                throw new IllegalArgumentException(
                        "a SenML data value holds at most " + SenmlRules.MAX_DATA_BYTES + " bytes");
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The JSON form: base64url without padding. */
        public String base64() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        @Override
        public String label() {
            return "vd";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Data data && Arrays.equals(bytes, data.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Data[" + base64() + "]";
        }
    }
}
