// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

/** Formats a register file as {@code i2cdump -y 1 ADDR} (byte mode, i2c-tools 4.x) prints it. */
final class I2cDumpText {
    private I2cDumpText() {}

    static String format(byte[] registers, boolean[] absent) {
        StringBuilder out = new StringBuilder("No size specified (using byte-data access)\n");
        out.append("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef\n");
        for (int row = 0; row < 256; row += 16) {
            out.append("%02x:".formatted(row));
            StringBuilder ascii = new StringBuilder();
            for (int k = 0; k < 16; k++) {
                int r = row + k;
                int v = registers[r] & 0xFF;
                out.append(absent[r] ? " XX" : " %02x".formatted(v));
                ascii.append(absent[r] ? 'X' : (v >= 0x20 && v < 0x7F ? (char) v : '.'));
            }
            out.append("    ").append(ascii).append('\n');
        }
        return out.toString();
    }
}
