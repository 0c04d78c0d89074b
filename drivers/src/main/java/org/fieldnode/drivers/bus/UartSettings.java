// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.util.Objects;

/**
 * Serial line framing: baud rate, data bits, parity and stop bits. {@link #of8n1(int)} is what most sensors use
 * (PMS5003, SDS011, A02YYUW: 9600 8N1).
 */
public record UartSettings(int baud, int dataBits, Parity parity, int stopBits) {
    /** Parity bit of each character. */
    public enum Parity {
        NONE,
        EVEN,
        ODD
    }

    public UartSettings {
        Objects.requireNonNull(parity, "parity");
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive, got " + baud);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits must be 5..8, got " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits must be 1 or 2, got " + stopBits);
        }
    }

    /** {@code baud}, 8 data bits, no parity, 1 stop bit. */
    public static UartSettings of8n1(int baud) {
        return new UartSettings(baud, 8, Parity.NONE, 1);
    }

    /** The usual short form, e.g. {@code 9600 8N1}. */
    @Override
    public String toString() {
        return "%d %d%s%d".formatted(baud, dataBits, parity.name().charAt(0), stopBits);
    }
}
