// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import java.math.BigDecimal;
import java.util.Objects;
import org.fieldnode.drivers.api.Channel;

/**
 * Where one quantity lives in a Modbus device and how its raw value becomes the quantity's unit:
 * {@code value = raw × scale + offset}.
 *
 * @param function 3 (Read Holding Registers) or 4 (Read Input Registers)
 * @param register the first register, 0..65535 (the PDU address: register 40001 of a manual's "4x" numbering is 0)
 */
public record RegisterSpec(
        Channel channel,
        int function,
        int register,
        RegisterType type,
        RegisterType.WordOrder wordOrder,
        double scale,
        double offset) {
    public RegisterSpec {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wordOrder, "wordOrder");
        if (function != 3 && function != 4) {
            throw new IllegalArgumentException("function must be 3 or 4, got " + function);
        }
        if (register < 0 || register + type.registers() > 0x10000) {
            throw new IllegalArgumentException("register must be 0..65535, got " + register);
        }
    }

    /** A 16-bit value read with function 03, scaled. */
    public static RegisterSpec holding(Channel channel, int register, RegisterType type, double scale) {
        return new RegisterSpec(channel, 3, register, type, RegisterType.WordOrder.BIG, scale, 0);
    }

    /**
     * The value in the channel's unit, from the registers of a read that starts at {@code firstRegister}. Scaled in
     * decimal, as the manual means it: 34 × 0.1 is 3.4, not the binary 3.4000000000000004.
     */
    public double value(int[] registers, int firstRegister) {
        double raw = type.decode(registers, register - firstRegister, wordOrder);
        if (!Double.isFinite(raw)) {
            return raw; // a float register holding NaN or infinity: the driver decides what that means
        }
        return BigDecimal.valueOf(raw)
                .multiply(BigDecimal.valueOf(scale))
                .add(BigDecimal.valueOf(offset))
                .doubleValue();
    }

    /** The register after the last one this value takes. */
    int end() {
        return register + type.registers();
    }
}
