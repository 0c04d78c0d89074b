// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.cli;

import java.util.List;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.collector.CollectorScalePart;
import org.fieldnode.benchmarks.node.NodeFootprintPart;
import org.fieldnode.benchmarks.wire.WireAndCardPart;

/** The parts of {@code fieldnode bench}, in the order they run: quickest first. */
final class BenchParts {
    private BenchParts() {}

    static List<BenchPart> all() {
        return List.of(new WireAndCardPart(), new NodeFootprintPart(), new CollectorScalePart());
    }
}
