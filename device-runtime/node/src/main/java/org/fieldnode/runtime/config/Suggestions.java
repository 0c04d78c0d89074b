// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.Collection;
import java.util.Optional;

/**
 * The profile loader's name for {@link org.fieldnode.protocol.Suggestions}, the one "did you mean …?" of the project
 * (kept so that the loader reads as before).
 */
public final class Suggestions {
    private Suggestions() {}

    /** @see org.fieldnode.protocol.Suggestions#closest */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        return org.fieldnode.protocol.Suggestions.closest(given, candidates);
    }

    /** @see org.fieldnode.protocol.Suggestions#hint */
    public static String hint(String given, Collection<String> candidates) {
        return org.fieldnode.protocol.Suggestions.hint(given, candidates);
    }
}
