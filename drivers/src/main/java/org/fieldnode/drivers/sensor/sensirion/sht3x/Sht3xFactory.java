// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import org.fieldnode.drivers.sensor.sensirion.ShtFactory;

/** Binds {@code compatible: sensirion,sht3x} profile nodes to {@link Sht3x}; {@code reg} must be 0x44 or 0x45. */
public final class Sht3xFactory extends ShtFactory {
    public static final String COMPATIBLE = "sensirion,sht3x";

    public Sht3xFactory() {
        super(COMPATIBLE, "an SHT3x", Sht3x::open);
    }
}
