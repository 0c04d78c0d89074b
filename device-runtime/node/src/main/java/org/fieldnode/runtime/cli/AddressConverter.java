// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import picocli.CommandLine;

/** A bus address such as {@code 0x76} or {@code 118}; octal-looking values ({@code 0166}) are refused. */
final class AddressConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String v = value.trim();
        try {
            int address;
            if (v.startsWith("0x") || v.startsWith("0X")) {
                address = Integer.parseInt(v.substring(2), 16);
            } else if (v.length() > 1 && v.startsWith("0")) {
                throw new CommandLine.TypeConversionException(
                        "'%s' looks octal; write 0x.. for hexadecimal or drop the leading 0".formatted(value));
            } else {
                address = Integer.parseInt(v);
            }
            if (address < 0 || address > 0x7F) {
                throw new CommandLine.TypeConversionException(
                        "'%s' is not a 7-bit bus address (0x00..0x7f)".formatted(value));
            }
            return address;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'%s' is not an address such as 0x76".formatted(value));
        }
    }
}
