// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.regex.Pattern;

/**
 * The one rule for a sensor's id, wherever one is written: a profile's {@code sensors[].id}, {@code fieldnode replay
 * --id} and the desired configuration's {@code interval.<sensor>} keys. The id becomes the first part of every
 * reading's SenML name ({@code env0/temperature}), so it must never hold the {@code ':'} that separates base name and
 * name or the {@code '/'} before the quantity, and stays short because it travels in every pack.
 *
 * <p>JDK only, so that the wire contract can carry the same class.
 */
public final class SensorId {
    /** As a regular expression: a lower-case letter, then up to 31 of a-z, 0-9, {@code _} and {@code -}. */
    public static final String PATTERN = "[a-z][a-z0-9_-]{0,31}";

    /** What a message says is expected, e.g. {@code sensors[0].id: expected …}. */
    public static final String EXPECTED = "a short lower-case name such as env0 (a-z, 0-9, _ or -)";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private SensorId() {}

    /** True when {@code id} may name a sensor. */
    public static boolean isValid(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }
}
