// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import java.util.Objects;
import java.util.Optional;

/**
 * A device that answered at an I2C address, and what it is likely to be.
 *
 * @param bus the profile name of the bus, e.g. {@code i2c1}
 * @param address the 7-bit address
 * @param compatible the driver's compatible string, when the device looks like a known part
 * @param confirmed true when an identity register or command confirmed the part; false when only the address
 *     suggests it ("possible")
 * @param evidence what was read, e.g. {@code chip id 0x60}
 */
public record Finding(String bus, int address, Optional<String> compatible, boolean confirmed, String evidence) {
    public Finding {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(compatible, "compatible");
        Objects.requireNonNull(evidence, "evidence");
    }

    static Finding confirmed(String bus, int address, String compatible, String evidence) {
        return new Finding(bus, address, Optional.of(compatible), true, evidence);
    }

    static Finding possible(String bus, int address, String compatible, String evidence) {
        return new Finding(bus, address, Optional.of(compatible), false, evidence);
    }

    static Finding unknown(String bus, int address, String evidence) {
        return new Finding(bus, address, Optional.empty(), false, evidence);
    }
}
