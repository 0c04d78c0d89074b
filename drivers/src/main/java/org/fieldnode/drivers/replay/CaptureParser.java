// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.drivers.sensor.maxim.ds18b20.W1Slave;

/**
 * Parses the capture formats of SENSORS.md ("Captures and offline replay"). Strict: anything that is not the format
 * is a {@link MalformedCaptureException} naming the line, so that a replay never decodes a misread file.
 *
 * <ul>
 *   <li><b>{@code i2cdump} text</b> (byte mode): an optional {@code No size specified} line, the column header
 *       {@code "     0  1  2 … f    0123456789abcdef"}, then rows {@code "NN: hh hh … hh    ascii"} with
 *       {@code NN} = 00, 10, … f0. A cell is two hex digits, {@code XX} (the chip did not answer) or blank (outside a
 *       {@code -r} range). Each row at most once.
 *   <li><b>{@code i2cdump} word mode</b> ({@code w}): the header {@code "     0,8  1,9 ... 7,f"}, then rows
 *       {@code "NN: wwww ..."} of eight 16-bit words, {@code XXXX} where the chip did not answer.
 *   <li><b>hex text</b>: bytes as hex, whitespace and line breaks ignored, so {@code xxd -p} output and
 *       {@code i2ctransfer} output ({@code 0xbe 0xef …}) both work. A token is either {@code 0x} and one or two
 *       digits, or an even number of digits. {@code #} starts a comment.
 *   <li><b>{@code w1_slave}</b>: the kernel's two lines, {@code "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES"} and
 *       {@code "72 01 4b 46 7f ff 0e 10 57 t=23125"}.
 * </ul>
 */
public final class CaptureParser {
    private static final Pattern DUMP_HEADER = Pattern.compile(
            "\\s*0\\s+1\\s+2\\s+3\\s+4\\s+5\\s+6\\s+7\\s+8\\s+9\\s+a\\s+b\\s+c\\s+d\\s+e\\s+f(\\s+0123456789abcdef)?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DUMP_ROW = Pattern.compile("([0-9a-fA-F])0:(.*)");
    private static final Pattern CELL = Pattern.compile("[0-9a-fA-F]{2}|XX|xx| {2}");
    private static final Pattern HEX_TOKEN = Pattern.compile("(?:0[xX]([0-9a-fA-F]{1,2}))|([0-9a-fA-F]+)");
    private static final Pattern W1_FIRST =
            Pattern.compile("(?:[0-9a-f]{2} ){9}: crc=[0-9a-f]{2} (?:YES|NO)", Pattern.CASE_INSENSITIVE);
    private static final Pattern W1_SECOND = Pattern.compile("(?:[0-9a-f]{2} ){9}t=-?\\d+", Pattern.CASE_INSENSITIVE);

    private CaptureParser() {}

    private static final Pattern WORD_HEADER =
            Pattern.compile("\\s*0,8\\s+1,9\\s+2,a\\s+3,b\\s+4,c\\s+5,d\\s+6,e\\s+7,f\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD_ROW =
            Pattern.compile("([0-9a-fA-F]{2}):((?: (?:[0-9a-fA-F]{4}|XXXX|xxxx)){1,8})\\s*");

    /** True when {@code text} is {@code i2cdump} word-mode output: it has the header {@code 0,8  1,9 ...}. */
    public static boolean looksLikeWordDump(String text) {
        return text.lines().anyMatch(l -> WORD_HEADER.matcher(l).matches());
    }

    /**
     * Parses {@code i2cdump -y BUS ADDR w} text: the header {@code "     0,8  1,9  2,a ... 7,f"}, then rows
     * {@code "NN: wwww wwww ..."} whose eight words are registers NN to NN+7 ({@code NN} a multiple of 8).
     */
    public static Capture.WordDump i2cWordDump(String source, String text) throws MalformedCaptureException {
        int[] words = new int[256];
        boolean[] present = new boolean[256];
        boolean anyRow = false;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()
                    || trimmed.startsWith("#")
                    || trimmed.startsWith("No size specified")
                    || WORD_HEADER.matcher(line).matches()) {
                continue;
            }
            Matcher row = WORD_ROW.matcher(trimmed);
            int base = row.matches() ? Integer.parseInt(row.group(1), 16) : -1;
            if (base < 0 || base % 8 != 0) {
                throw new MalformedCaptureException(
                        source,
                        i + 1,
                        "not i2cdump word-mode text: expected a row such as '08: 0117 0000 ...', got '%s'"
                                .formatted(abbreviate(trimmed)));
            }
            String[] cells = row.group(2).trim().split(" ");
            for (int k = 0; k < cells.length; k++) {
                if (!cells[k].equalsIgnoreCase("XXXX")) {
                    words[base + k] = Integer.parseInt(cells[k], 16);
                    present[base + k] = true;
                }
            }
            anyRow = true;
        }
        if (!anyRow) {
            throw new MalformedCaptureException(
                    source, 1, "not i2cdump word-mode text: no rows (take it with i2cdump -y BUS ADDR w)");
        }
        return new Capture.WordDump(source, words, present);
    }

    /** True when {@code text} looks like {@code i2cdump} output (it has the column header or a {@code 00:} row). */
    public static boolean looksLikeI2cDump(String text) {
        for (String line : text.lines().toList()) {
            if (DUMP_HEADER.matcher(line).matches() || line.startsWith("00: ")) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code i2cdump} byte-mode text. */
    public static Capture.RegisterDump i2cDump(String source, String text) throws MalformedCaptureException {
        int[] values = new int[256];
        boolean[] present = new boolean[256];
        boolean[] rowSeen = new boolean[16];
        boolean anyRow = false;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()
                    || trimmed.startsWith("#")
                    || trimmed.startsWith("No size specified")
                    || DUMP_HEADER.matcher(line).matches()) {
                continue;
            }
            Matcher row = DUMP_ROW.matcher(line);
            if (!row.matches()) {
                throw new MalformedCaptureException(
                        source,
                        lineNo,
                        "not i2cdump text: expected a row such as '00: 60 00 ff ...' or the column header, got '%s'"
                                .formatted(abbreviate(trimmed)));
            }
            int base = Integer.parseInt(row.group(1), 16);
            if (rowSeen[base]) {
                throw new MalformedCaptureException(source, lineNo, "row %X0 given twice".formatted(base));
            }
            rowSeen[base] = true;
            anyRow = true;
            String cells = row.group(2);
            for (int k = 0; k < 16; k++) {
                int at = 1 + 3 * k;
                String cell =
                        at >= cells.length() ? "  " : padRight(cells.substring(at, Math.min(at + 2, cells.length())));
                boolean separated = at - 1 < cells.length() && cells.charAt(at - 1) == ' ';
                if (!separated && at < cells.length()) {
                    throw new MalformedCaptureException(
                            source, lineNo, "row %X0: cells must be separated by one space".formatted(base));
                }
                if (!CELL.matcher(cell).matches()) {
                    throw new MalformedCaptureException(
                            source,
                            lineNo,
                            "register 0x%02X: expected two hex digits or XX, got '%s'".formatted(base * 16 + k, cell));
                }
                if (!cell.isBlank() && !cell.equalsIgnoreCase("XX")) {
                    values[base * 16 + k] = Integer.parseInt(cell, 16);
                    present[base * 16 + k] = true;
                }
            }
        }
        if (!anyRow) {
            throw new MalformedCaptureException(
                    source,
                    1,
                    "not i2cdump text: no rows such as '00: 60 00 ff ...' (take it with i2cdump -y BUS ADDR)");
        }
        return new Capture.RegisterDump(source, values, present);
    }

    /** Parses hex text into bytes. */
    public static Capture.Bytes hex(String source, String text) throws MalformedCaptureException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            for (String token : line.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                Matcher m = HEX_TOKEN.matcher(token);
                if (!m.matches()) {
                    throw new MalformedCaptureException(
                            source,
                            lineNo,
                            "not hex: '%s' (expected bytes such as 42 4d or 0x42 0x4d)".formatted(abbreviate(token)));
                }
                if (m.group(1) != null) {
                    bytes.write(Integer.parseInt(m.group(1), 16));
                } else if (m.group(2).length() % 2 != 0) {
                    throw new MalformedCaptureException(
                            source,
                            lineNo,
                            "odd number of hex digits in '%s': every byte is two digits".formatted(abbreviate(token)));
                } else {
                    bytes.writeBytes(HexFormat.of().parseHex(m.group(2)));
                }
            }
        }
        if (bytes.size() == 0) {
            throw new MalformedCaptureException(source, Math.max(1, lines.size()), "the capture holds no bytes");
        }
        return new Capture.Bytes(source, bytes.toByteArray());
    }

    /**
     * Parses the attributes of an IIO device: lines {@code /sys/bus/iio/devices/iio:device0/in_temp_input:23400}
     * (what {@code grep . FILES} prints) or {@code in_temp_input=23400}.
     */
    public static Capture.IioAttributes iioAttributes(String source, String text) throws MalformedCaptureException {
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            int colon = line.lastIndexOf(':');
            int split = line.startsWith("/") ? colon : equals;
            String name = split > 0 ? line.substring(0, split) : "";
            name = name.substring(name.lastIndexOf('/') + 1);
            if (split < 0 || !name.matches("[a-z][a-z0-9_]*")) {
                throw new MalformedCaptureException(
                        source,
                        i + 1,
                        "not an IIO attribute: expected '/sys/bus/iio/devices/iio:device0/in_temp_input:23400' or"
                                + " 'in_temp_input=23400', got '%s'".formatted(abbreviate(line)));
            }
            attributes.put(name, line.substring(split + 1).strip());
        }
        if (attributes.isEmpty()) {
            throw new MalformedCaptureException(source, 1, "the capture holds no IIO attribute");
        }
        return new Capture.IioAttributes(source, attributes);
    }

    /** Checks that {@code text} is a {@code w1_slave} file; the driver reads it as the kernel would serve it. */
    public static Capture.W1SlaveText w1Slave(String source, String text) throws MalformedCaptureException {
        List<String> lines =
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new MalformedCaptureException(source, 1, "not a w1_slave file: it is empty");
        }
        if (!W1_FIRST.matcher(lines.get(0)).matches()) {
            throw new MalformedCaptureException(
                    source,
                    1,
                    "not a w1_slave file: expected '72 01 4b 46 7f ff 0e 10 57 : crc=57 YES', got '%s'"
                            .formatted(abbreviate(lines.get(0))));
        }
        if (lines.size() < 2 || !W1_SECOND.matcher(lines.get(1)).matches()) {
            throw new MalformedCaptureException(
                    source,
                    2,
                    "not a w1_slave file: expected the second line '72 01 4b 46 7f ff 0e 10 57 t=23125'%s"
                            .formatted(
                                    lines.size() < 2 ? ", it is missing" : ", got '" + abbreviate(lines.get(1)) + "'"));
        }
        if (lines.size() > 2) {
            throw new MalformedCaptureException(source, 3, "not a w1_slave file: it has two lines, this is a third");
        }
        try {
            W1Slave.parse(lines.get(0) + "\n" + lines.get(1)); // the driver's own parser accepts it
        } catch (IllegalArgumentException e) {
            // e.g. "T=" where the kernel writes "t=": the shape matched case-insensitively, the parser is exact
            throw new MalformedCaptureException(source, 2, "not a w1_slave file: " + e.getMessage());
        }
        return new Capture.W1SlaveText(source, lines.get(0) + "\n" + lines.get(1) + "\n");
    }

    private static String padRight(String s) {
        return s.length() >= 2 ? s : (s + "  ").substring(0, 2);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
