// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks;

import java.util.List;
import org.fieldnode.benchmarks.wire.WireAndCardPart;

/** The parts of {@code fieldnode bench}, in the order they run. */
final class BenchParts {
    private BenchParts() {}

    static List<BenchPart> all() {
        return List.of(new WireAndCardPart());
    }
}
