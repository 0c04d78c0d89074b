// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.sqlite.SqliteReadingStore;

/** Parses the collector's option values, with one-line errors that show the expected form. */
final class Arguments {
    /** The data directory when {@code --data-dir} is not given, relative to the working directory. */
    static final String DEFAULT_DATA_DIR = "collector-data";

    private Arguments() {}

    static Path database(Path dataDir) {
        return dataDir.resolve(SqliteReadingStore.FILE_NAME);
    }

    /**
     * {@code HOST:PORT}, {@code [IPv6]:PORT}; the host must be a literal address (no name look-up at start).
     *
     * @throws UserError naming the option and the expected form
     */
    static InetSocketAddress address(String option, String text) throws UserError {
        String expected = option + " expects ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, got '" + text + "'";
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UserError(expected);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new UserError(expected);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError(expected);
        }
        if (port < 0 || port > 65_535) {
            throw new UserError(option + ": port must be 0..65535, got " + port);
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new UserError(expected + " (a literal IP address, not a name)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UserError(expected);
        }
    }

    /**
     * An instant in ISO 8601 with a zone ({@code 2026-03-01T12:00:00Z}, {@code 2026-03-01T14:00+02:00}) or a date,
     * read as its start in UTC ({@code 2026-03-01}).
     *
     * @throws UserError naming the option and the expected form
     */
    static Instant time(String option, String text) throws UserError {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserError(option + " expects an ISO 8601 time with a zone, e.g. 2026-03-01T12:00:00Z, or a"
                    + " date, e.g. 2026-03-01 (UTC), got '" + text + "'");
        }
    }

    /** {@code text} with control characters replaced, so a device identity cannot steer the terminal. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
