// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.List;

/** Any simulated chip or probe. Tests assert that {@link #violations()} stays empty. */
public interface SimulatedDevice {
    /** The datasheet rules the bus master broke so far, oldest first. */
    default List<String> violations() {
        return List.of();
    }
}
