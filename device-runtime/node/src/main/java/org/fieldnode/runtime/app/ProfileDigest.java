// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.SensorConfig;

/**
 * Which profile a node runs, in a few bytes for its health report: the first 12 hex digits of the SHA-256 of the
 * effective profile's canonical text (after overlay and desired configuration; maps and sets in sorted order, so
 * one profile always gives one digest), a space, and the file name it came from.
 */
final class ProfileDigest {
    private static final int HEX_DIGITS = 12;
    /** Enough of a file name to tell profiles apart; the reading's text stays short. */
    private static final int FILE_NAME_CHARS = 64;

    private ProfileDigest() {}

    /** E.g. {@code 3f9c0a1b2c4d weather-07.yaml}. */
    static String of(Profile profile) {
        String source = profile.source();
        String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        String shown = file.length() > FILE_NAME_CHARS ? file.substring(0, FILE_NAME_CHARS) : file;
        return digest(canonical(profile)) + (shown.isBlank() ? "" : " " + shown);
    }

    static String canonical(Profile p) {
        StringBuilder text = new StringBuilder();
        text.append("board ").append(p.board()).append('\n');
        new TreeMap<>(p.buses())
                .forEach((name, bus) -> text.append("bus ").append(bus).append('\n'));
        for (SensorConfig s : p.sensors()) {
            text.append("sensor ")
                    .append(String.join(
                            " ",
                            s.id(),
                            s.compatible(),
                            s.bus(),
                            Integer.toString(s.address()),
                            s.interval().toString(),
                            Boolean.toString(s.enabled()),
                            new TreeMap<>(s.properties()).toString(),
                            String.valueOf(s.pipeline()),
                            s.personal().stream()
                                    .map(Channel::quantity)
                                    .sorted()
                                    .collect(Collectors.joining(","))))
                    .append('\n');
        }
        text.append("report ").append(p.report()).append('\n');
        text.append("queue ").append(p.queue()).append('\n');
        text.append("node ").append(p.node()).append('\n');
        return text.toString();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
