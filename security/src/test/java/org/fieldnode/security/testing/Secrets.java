// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.testing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The forms a secret could leak in: raw bytes, hex (both cases), base64, and PEM markers. */
public final class Secrets {
    /** Built from parts so that this source file does not itself hold a PEM marker. */
    public static final String PEM_BEGIN = "-----" + "BEGIN";

    private Secrets() {}

    /** The 32-byte private scalar of a P-256 key, unsigned big-endian. */
    public static byte[] scalar(PrivateKey key) {
        byte[] s = ((ECPrivateKey) key).getS().toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, s.length);
        System.arraycopy(s, s.length - copy, out, 32 - copy, copy);
        return out;
    }

    /** Text renderings of {@code secret} that a log or message might contain. */
    public static List<String> textForms(byte[] secret) {
        List<String> forms = new ArrayList<>();
        String hex = HexFormat.of().formatHex(secret);
        forms.add(hex);
        forms.add(hex.toUpperCase(java.util.Locale.ROOT));
        forms.add(HexFormat.ofDelimiter(":").formatHex(secret));
        forms.add(Base64.getEncoder().encodeToString(secret));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        return forms;
    }

    /** Text renderings of a private key: its scalar and its PKCS#8 encoding. */
    public static List<String> textForms(PrivateKey key) {
        List<String> forms = new ArrayList<>(textForms(scalar(key)));
        forms.addAll(textForms(key.getEncoded()));
        return forms;
    }

    /** True when {@code haystack} holds {@code needle} anywhere. */
    public static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The bytes of {@code text} in ASCII, for file greps. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
