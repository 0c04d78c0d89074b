// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 fingerprint of a DER certificate, as pinned in the provisioning bundle (SECURITY R5, R7). Not a
 * secret: it is printed as {@code sha256:} and 64 lower-case hex digits.
 */
public final class Fingerprint {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private final String hex;

    private Fingerprint(String hex) {
        this.hex = hex;
    }

    /** The fingerprint of {@code certificate}'s DER encoding. */
    public static Fingerprint of(X509Certificate certificate) {
        try {
            return ofDer(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The fingerprint of DER bytes. */
    public static Fingerprint ofDer(byte[] der) {
        try {
            return new Fingerprint(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Parses {@code sha256:<64 hex>}, bare 64 hex digits, or the colon-separated form {@code openssl x509
     * -fingerprint -sha256} prints; case-insensitive.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Fingerprint parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        } else if (s.startsWith("sha256 fingerprint=")) {
            s = s.substring("sha256 fingerprint=".length());
        }
        s = s.replace(":", "");
        if (!HEX64.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a SHA-256 fingerprint: sha256: and 64 hex digits");
        }
        return new Fingerprint(s);
    }

    /** True when {@code certificate}'s DER encoding has this fingerprint. */
    public boolean matches(X509Certificate certificate) {
        return equals(of(certificate));
    }

    /** The 64 lower-case hex digits. */
    public String hex() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    /** {@code sha256:} and the hex digits. */
    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
