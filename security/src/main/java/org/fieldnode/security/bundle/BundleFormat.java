// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.trust.Fingerprint;

/**
 * The provisioning bundle an integrator copies to the node's SD card ({@value #FILE_NAME}): UTF-8 text, one
 * {@code key=value} per line, {@code #} comments and blank lines ignored, each key at most once, at most
 * {@value #MAX_BYTES} bytes.
 *
 * <pre>
 * format=fieldnode-bundle/1                  required, first setting
 * collector=coaps://collector.example:5684   required; coaps only (R13)
 * psk.identity=enrol-5c1f0e2a                required; 1..128 bytes of printable ASCII (RFC 4279 §5.1)
 * psk.key=&lt;32..128 hex digits&gt;               one-time enrolment key (16..64 bytes); removed on import (R4)
 * ca.sha256=&lt;64 hex digits&gt;                   required; the collector CA's certificate fingerprint (R5)
 * node.name=weather-07                       optional label, [A-Za-z0-9._-], at most 64
 * site=north-field                           optional label, same rules
 * issued=2025-05-01T00:00:00Z                optional; the node's clock is not trusted before it (R32)
 * not-after=2025-05-31T00:00:00Z             optional; the collector refuses the bundle after it (bundles issued
 *                                            before bundles expired have none, and the collector knows their expiry)
 * </pre>
 *
 * Errors read {@code FILE:LINE: key: what was expected} and never echo a key value.
 */
public final class BundleFormat {
    /** The name the node looks for on the boot partition. */
    public static final String FILE_NAME = "fieldnode-bundle.txt";

    /** The format line's value. */
    public static final String VERSION = "fieldnode-bundle/1";

    /** Largest bundle accepted (R35). */
    public static final int MAX_BYTES = 4096;

    static final String FORMAT = "format";
    static final String COLLECTOR = "collector";
    static final String PSK_IDENTITY = "psk.identity";
    static final String PSK_KEY = "psk.key";
    static final String CA = "ca.sha256";
    static final String NODE_NAME = "node.name";
    static final String SITE = "site";
    static final String ISSUED = "issued";
    static final String NOT_AFTER = "not-after";
    private static final List<String> KEYS =
            List.of(FORMAT, COLLECTOR, PSK_IDENTITY, PSK_KEY, CA, NODE_NAME, SITE, ISSUED, NOT_AFTER);
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern IDENTITY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private BundleFormat() {}

    /**
     * Parses a bundle.
     *
     * @param source the file name used in error messages
     * @throws BundleException naming the line and key of the first problem
     */
    public static ProvisioningBundle parse(String source, byte[] content) throws BundleException {
        if (content.length > MAX_BYTES) {
            throw new BundleException(source + ": bundle is " + content.length + " bytes; at most " + MAX_BYTES);
        }
        Map<String, Line> values = new LinkedHashMap<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new BundleException(source + ":" + number + ": expected key=value");
            }
            String key = text.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw new BundleException(source + ":" + number + ": " + PeerSafe.label(key)
                        + ": unknown key; expected one of " + String.join(", ", KEYS));
            }
            if (values.containsKey(key)) {
                throw new BundleException(source + ":" + number + ": " + key + ": given twice (first on line "
                        + values.get(key).number() + ")");
            }
            if (values.isEmpty() && !key.equals(FORMAT)) {
                throw new BundleException(
                        source + ":" + number + ": " + key + ": expected format=" + VERSION + " as the first setting");
            }
            values.put(key, new Line(number, text.substring(eq + 1).strip()));
        }
        Line format = require(source, values, FORMAT, VERSION);
        if (!format.value().equals(VERSION)) {
            throw located(source, format, FORMAT, "expected " + VERSION);
        }
        URI collector = collector(source, require(source, values, COLLECTOR, "coaps://HOST[:PORT]"));
        Line identityLine = require(source, values, PSK_IDENTITY, "the enrolment PSK identity");
        if (!IDENTITY.matcher(identityLine.value()).matches()) {
            throw located(source, identityLine, PSK_IDENTITY, "expected 1..128 printable ASCII characters");
        }
        Fingerprint ca = fingerprint(source, require(source, values, CA, "sha256: and 64 hex digits"));
        BundleSettings settings = new BundleSettings(
                collector,
                identityLine.value(),
                ca,
                label(source, values.get(NODE_NAME), NODE_NAME),
                label(source, values.get(SITE), SITE),
                time(source, values.get(ISSUED), ISSUED),
                time(source, values.get(NOT_AFTER), NOT_AFTER));
        Line keyLine = values.get(PSK_KEY);
        return new ProvisioningBundle(settings, keyLine == null ? null : psk(source, keyLine, identityLine.value()));
    }

    /** The text of a bundle, for the collector's issuing tool and for tests. */
    public static String format(BundleSettings settings, PskCredential psk) {
        StringBuilder out = new StringBuilder("# fieldnode provisioning bundle: copy to the node's boot partition."
                + "\n# Holds a one-time secret: keep it private; the node deletes the key after importing it.\n");
        out.append(FORMAT).append('=').append(VERSION).append('\n');
        out.append(COLLECTOR).append('=').append(settings.collector()).append('\n');
        out.append(PSK_IDENTITY).append('=').append(settings.pskIdentity()).append('\n');
        if (psk != null) {
            byte[] secret = psk.secret();
            try {
                out.append(PSK_KEY)
                        .append('=')
                        .append(HexFormat.of().formatHex(secret))
                        .append('\n');
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        out.append(CA).append('=').append(settings.caFingerprint()).append('\n');
        settings.nodeName()
                .ifPresent(n -> out.append(NODE_NAME).append('=').append(n).append('\n'));
        settings.site().ifPresent(s -> out.append(SITE).append('=').append(s).append('\n'));
        settings.issued()
                .ifPresent(t -> out.append(ISSUED).append('=').append(t).append('\n'));
        settings.notAfter()
                .ifPresent(t -> out.append(NOT_AFTER).append('=').append(t).append('\n'));
        return out.toString();
    }

    private static Line require(String source, Map<String, Line> values, String key, String expected)
            throws BundleException {
        Line line = values.get(key);
        if (line == null || line.value().isEmpty()) {
            throw new BundleException(source + ": " + key + ": missing; expected " + key + "=" + expected);
        }
        return line;
    }

    private static BundleException located(String source, Line line, String key, String message) {
        return new BundleException(source + ":" + line.number() + ": " + key + ": " + message);
    }

    private static URI collector(String source, Line line) throws BundleException {
        URI uri;
        try {
            uri = new URI(line.value());
        } catch (URISyntaxException e) {
            throw located(source, line, COLLECTOR, "expected a URI like coaps://collector.example:5684");
        }
        if (!"coaps".equals(uri.getScheme())) {
            throw located(source, line, COLLECTOR, "expected a coaps:// URI; enrolment never uses plain coap (R4)");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw located(source, line, COLLECTOR, "expected coaps://HOST[:PORT] with no user, query or fragment");
        }
        return uri;
    }

    private static Fingerprint fingerprint(String source, Line line) throws BundleException {
        try {
            return Fingerprint.parse(line.value());
        } catch (IllegalArgumentException e) {
            throw located(source, line, CA, e.getMessage());
        }
    }

    private static Optional<String> label(String source, Line line, String key) throws BundleException {
        if (line == null) {
            return Optional.empty();
        }
        if (!LABEL.matcher(line.value()).matches()) {
            throw located(source, line, key, "expected 1..64 of A-Z a-z 0-9 . _ -");
        }
        return Optional.of(line.value());
    }

    private static Optional<Instant> time(String source, Line line, String key) throws BundleException {
        if (line == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(line.value()));
        } catch (DateTimeParseException e) {
            throw located(source, line, key, "expected a UTC time like 2025-05-01T00:00:00Z");
        }
    }

    private static PskCredential psk(String source, Line line, String identity) throws BundleException {
        String hex = line.value();
        int digits = hex.length();
        if (digits % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw located(source, line, PSK_KEY, "expected an even number of hex digits");
        }
        if (digits < 2 * PskCredential.MIN_SECRET_BYTES || digits > 2 * PskCredential.MAX_SECRET_BYTES) {
            throw located(
                    source,
                    line,
                    PSK_KEY,
                    "expected " + 2 * PskCredential.MIN_SECRET_BYTES + ".." + 2 * PskCredential.MAX_SECRET_BYTES
                            + " hex digits, found " + digits);
        }
        byte[] secret = HexFormat.of().parseHex(hex);
        try {
            return new PskCredential(identity, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private record Line(int number, String value) {}

    /**
     * Keys are echoed in errors; values never are (SECURITY R11). An unknown key is echoed only when it looks like a
     * key name: a damaged line can put part of the secret before its '=' ({@code psk.key#<hex>=...}), so a key
     * with a run of hex digits as long as a tenth of a PSK, or with characters no key name has, is not shown.
     */
    private static final class PeerSafe {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
        private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{4,}");

        static String label(String key) {
            if (NAME.matcher(key).matches() && !HEX_RUN.matcher(key).find()) {
                return key;
            }
            return "a line whose key is not shown (not a key name)";
        }
    }
}
