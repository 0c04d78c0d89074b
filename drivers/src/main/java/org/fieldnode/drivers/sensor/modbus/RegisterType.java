// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.modbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a value is laid out in 16-bit Modbus registers. A register is sent most significant byte first ("Modbus
 * Application Protocol V1.1b3" §4.2); the order of the two registers of a 32-bit value is the device's choice,
 * given by {@link WordOrder}.
 */
public enum RegisterType {
    INT16("int16", 1),
    UINT16("uint16", 1),
    INT32("int32", 2),
    UINT32("uint32", 2),
    /** IEEE 754 single precision. */
    FLOAT32("float32", 2);

    /** Which register of a 32-bit value comes first. */
    public enum WordOrder {
        /** High word first (registers AB CD): the Modbus convention, and most devices'. */
        BIG("big"),
        /** Low word first (CD AB), as some PLCs and meters send it. */
        LITTLE("little");

        private final String profileName;

        WordOrder(String profileName) {
            this.profileName = profileName;
        }

        public String profileName() {
            return profileName;
        }

        static Optional<WordOrder> of(String name) {
            return Arrays.stream(values())
                    .filter(o -> o.profileName.equals(name.trim().toLowerCase(Locale.ROOT)))
                    .findFirst();
        }
    }

    private final String profileName;
    private final int registers;

    RegisterType(String profileName, int registers) {
        this.profileName = profileName;
        this.registers = registers;
    }

    /** As a profile writes it, e.g. {@code int16}. */
    public String profileName() {
        return profileName;
    }

    /** How many 16-bit registers the value takes. */
    public int registers() {
        return registers;
    }

    static Optional<RegisterType> of(String name) {
        return Arrays.stream(values())
                .filter(t -> t.profileName.equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** The value of {@code registers} from index {@code at}, each 0..65535. */
    public double decode(int[] registers, int at, WordOrder order) {
        return switch (this) {
            case INT16 -> (short) registers[at];
            case UINT16 -> registers[at];
            case INT32 -> combine(registers, at, order);
            case UINT32 -> Integer.toUnsignedLong(combine(registers, at, order));
            case FLOAT32 -> Float.intBitsToFloat(combine(registers, at, order));
        };
    }

    /** The registers that carry {@code raw} (a two's-complement or IEEE bit pattern, as decode reads it). */
    public int[] encode(double raw, WordOrder order) {
        int bits = switch (this) {
            case INT16, UINT16 -> (int) Math.round(raw) & 0xFFFF;
            case INT32 -> (int) Math.round(raw);
            case UINT32 -> (int) Math.round(raw);
            case FLOAT32 -> Float.floatToIntBits((float) raw);
        };
        if (registers == 1) {
            return new int[] {bits};
        }
        int high = bits >>> 16;
        int low = bits & 0xFFFF;
        return order == WordOrder.BIG ? new int[] {high, low} : new int[] {low, high};
    }

    private static int combine(int[] registers, int at, WordOrder order) {
        int first = registers[at];
        int second = registers[at + 1];
        return order == WordOrder.BIG ? first << 16 | second : second << 16 | first;
    }
}
