// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.collector.CollectorScalePart;
import org.fieldnode.benchmarks.jmh.JmhPart;
import org.fieldnode.benchmarks.node.NodeFootprintPart;
import org.fieldnode.benchmarks.wire.CertificateDayPart;
import org.fieldnode.benchmarks.wire.WireAndCardPart;

/** The parts of {@code fieldnode bench}, in the order they run: quickest first. */
final class BenchParts {
    private BenchParts() {}

    /** Every part a plain {@code bench} runs (JMH only with {@code --jmh}). */
    static List<BenchPart> all() {
        return List.of(
                new WireAndCardPart(), new CertificateDayPart(), new NodeFootprintPart(), new CollectorScalePart());
    }

    /** The parts a run measures: all of them, plus JMH when asked for. */
    static List<BenchPart> forRun(boolean jmh) {
        List<BenchPart> parts = new ArrayList<>(all());
        if (jmh) {
            parts.add(new JmhPart());
        }
        return parts;
    }

    /** Every part's id, in running order: what {@code --only} accepts. */
    static List<String> ids() {
        return forRun(true).stream().map(BenchPart::id).toList();
    }

    /**
     * The parts named in {@code only} (ids, in running order, whatever order they were given in); JMH only when
     * named.
     *
     * @throws IllegalArgumentException naming an id that is no part, in one sentence for the user
     */
    static List<BenchPart> only(List<String> only) {
        Set<String> wanted = new LinkedHashSet<>(only);
        Set<String> unknown = new LinkedHashSet<>(wanted);
        ids().forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no bench part named " + String.join(", ", unknown) + "; the parts are "
                    + String.join(", ", ids()));
        }
        return forRun(true).stream().filter(part -> wanted.contains(part.id())).collect(Collectors.toList());
    }
}
