// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

/**
 * One thing wrong with a profile, located like a compiler error so that editors can jump to it.
 *
 * @param source the file name or built-in profile name
 * @param line 1-based
 * @param column 1-based
 * @param keyPath the dotted path of the offending key, e.g. {@code sensors[0].reg}
 * @param message what was expected, with a suggestion where one helps
 */
public record ProfileProblem(String source, int line, int column, String keyPath, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + message;
    }
}
