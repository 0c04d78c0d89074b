// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.util.HexFormat;

/** Hex helpers for byte-level test vectors; spaces in vectors are for reading only. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").replace("\n", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
