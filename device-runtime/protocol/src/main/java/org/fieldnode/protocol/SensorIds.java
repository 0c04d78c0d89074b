// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import java.util.regex.Pattern;

/**
 * The sensor-id rule shared by profiles, replay and the desired configuration: a sensor id is the first part of a
 * series name ({@code env0} in {@code env0/temperature}), so it is short, lower case, starts with a letter and holds
 * no {@code ':'} or {@code '/'} (a collector tells a series name from an absolute SenML name by the missing
 * {@code ':'}).
 */
public final class SensorIds {
    /** The rule as a regular expression, for messages: {@value}. */
    public static final String PATTERN = "[a-z][a-z0-9_-]{0,31}";

    /** What a message says is expected, e.g. {@code sensors[0].id: expected …}. */
    public static final String EXPECTED = "a short lower-case name such as env0 (a-z, 0-9, _ or -)";

    private static final Pattern ID = Pattern.compile(PATTERN);

    private SensorIds() {}

    /** True when {@code id} is a valid sensor id. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
