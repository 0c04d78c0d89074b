// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

/**
 * A CBOR half or single float as read off the wire (RFC 8949 §3.3), kept apart from doubles because its meaning
 * depends on the pack: its exact value, or its decimal reading when record 0 carries {@code df_}
 * ({@link DecimalFloats}).
 *
 * @param value the float's exact value
 * @param width 16 or 32 (bits on the wire)
 */
record NarrowFloat(float value, int width) {
    /** The number this float stands for: its decimal reading or its exact value. */
    double number(boolean decimal) {
        return decimal ? DecimalFloats.read(value, width) : value;
    }
}
