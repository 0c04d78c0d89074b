// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel {@code w1_therm} driver's {@code w1_slave} file: two lines, each the 9 scratchpad bytes in hex, the
 * first ending in the kernel's CRC verdict, the second in its own conversion to milli-°C:
 *
 * <pre>
 * 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
 * 72 01 4b 46 7f ff 0e 10 57 t=23125
 * </pre>
 *
 * We use the bytes and do the CRC and conversion ourselves; the kernel's {@code t=} is not masked for the
 * resolution on every kernel version.
 *
 * @param scratchpad the 9 bytes of the first line
 * @param kernelCrcOk whether the kernel said YES
 */
public record W1Slave(byte[] scratchpad, boolean kernelCrcOk) {
    private static final Pattern FIRST_LINE =
            Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=([0-9a-f]{2}) (YES|NO)", Pattern.CASE_INSENSITIVE);

    public W1Slave {
        scratchpad = scratchpad.clone();
    }

    @Override
    public byte[] scratchpad() {
        return scratchpad.clone();
    }

    /**
     * Parses the file's text.
     *
     * @throws IllegalArgumentException when the text is not a complete {@code w1_slave} file
     */
    public static W1Slave parse(String text) {
        String[] lines = text.strip().split("\n");
        if (lines.length < 2 || !lines[1].contains("t=")) {
            throw new IllegalArgumentException("incomplete w1_slave text: '%s'".formatted(text.strip()));
        }
        Matcher m = FIRST_LINE.matcher(lines[0].strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a w1_slave line: '%s'".formatted(lines[0]));
        }
        byte[] bytes = HexFormat.of().parseHex(m.group(1).replace(" ", ""));
        return new W1Slave(bytes, m.group(3).equalsIgnoreCase("YES"));
    }
}
