// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean …?" for a misspelt name of a vocabulary (keys, drivers, buses, the units of {@link Intervals}): the
 * closest candidate within a small edit distance.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate nearest to {@code given}. Of equally near ones, the first that starts with the same letter wins
     * (people rarely mistype the first letter), then the first in {@code candidates}' order.
     */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean bestSameStart = false;
        for (String candidate : candidates) {
            int d = distance(given.toLowerCase(), candidate.toLowerCase());
            boolean sameStart = !given.isEmpty()
                    && !candidate.isEmpty()
                    && Character.toLowerCase(given.charAt(0)) == Character.toLowerCase(candidate.charAt(0));
            if (d < bestDistance || (d == bestDistance && sameStart && !bestSameStart)) {
                best = candidate;
                bestDistance = d;
                bestSameStart = sameStart;
            }
        }
        int tolerance = Math.max(2, given.length() / 3);
        return bestDistance <= tolerance ? Optional.ofNullable(best) : Optional.empty();
    }

    /** ", did you mean x?" or nothing. */
    public static String hint(String given, Collection<String> candidates) {
        return closest(given, candidates).map(c -> ", did you mean " + c + "?").orElse("");
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
