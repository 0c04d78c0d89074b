// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.util.List;

/** One group of figures of {@code fieldnode bench}: the node, the wire, the card, the collector. */
public interface BenchPart {
    /** The short name {@code bench --only} selects the part by, e.g. {@code node}. */
    String id();

    /** A few words for progress lines, e.g. "node footprint". */
    String name();

    /** Measures fieldnode and its floor side by side and returns the figures. */
    List<Figure> measure(BenchContext context) throws Exception;
}
