// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

/** Checks shared by the windowed stages. */
final class Windows {
    /** Large enough for any smoothing a node needs, small enough that a typo cannot exhaust memory. */
    static final int MAX_WINDOW = 100;

    private Windows() {}

    static int checked(int window) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be from 1 to " + MAX_WINDOW + ", got " + window);
        }
        return window;
    }
}
