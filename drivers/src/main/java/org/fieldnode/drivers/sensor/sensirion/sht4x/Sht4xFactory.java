// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import org.fieldnode.drivers.sensor.sensirion.ShtFactory;

/** Binds {@code compatible: sensirion,sht4x} profile nodes to {@link Sht4x}; {@code reg} must be 0x44 or 0x45. */
public final class Sht4xFactory extends ShtFactory {
    public static final String COMPATIBLE = "sensirion,sht4x";

    public Sht4xFactory() {
        super(COMPATIBLE, "an SHT4x", Sht4x::open);
    }
}
