// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import java.time.Duration;
import java.util.Objects;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * How a Modbus RTU line is driven: its serial framing, how long the master waits for an answer, and how often it
 * asks again after silence or a garbled answer.
 *
 * @param line baud rate and character framing; "Modbus over Serial Line V1.02" §2.5.1 asks for even parity by default
 *     and lets devices use no parity with two stop bits, but most sensor probes ship with 8N1 (4800 or 9600 baud)
 * @param responseTimeout how long after its request the master waits for a complete answer
 * @param retries how many times a request is sent again after silence or a bad frame (0..5); exception responses are
 *     never retried
 */
public record ModbusSettings(UartSettings line, Duration responseTimeout, int retries) {
    /** 9600 8N1, 500 ms, 2 retries: what RS-485 soil and weather probes answer to out of the box. */
    public static final ModbusSettings DEFAULTS =
            new ModbusSettings(UartSettings.of8n1(9600), Duration.ofMillis(500), 2);

    /** The fixed silent interval above 19200 baud (V1.02 §2.5.1.1). */
    static final Duration FAST_SILENT_INTERVAL = Duration.ofNanos(1_750_000);

    public ModbusSettings {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (responseTimeout.compareTo(Duration.ofMillis(10)) < 0
                || responseTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("response timeout must be 10ms..10s, got " + responseTimeout);
        }
        if (retries < 0 || retries > 5) {
            throw new IllegalArgumentException("retries must be 0..5, got " + retries);
        }
    }

    /** The same with {@code line} as framing. */
    public ModbusSettings withLine(UartSettings line) {
        return new ModbusSettings(line, responseTimeout, retries);
    }

    /** One character on the wire: start bit, data bits, parity bit if any, stop bits. */
    public Duration characterTime() {
        int bits = 1 + line.dataBits() + (line.parity() == UartSettings.Parity.NONE ? 0 : 1) + line.stopBits();
        return Duration.ofNanos(Math.ceilDiv(bits * 1_000_000_000L, line.baud()));
    }

    /**
     * The silence that must precede every frame: 3.5 character times, or 1.75 ms above 19200 baud, where the
     * character-time rule would ask too much of the UART's interrupt handling (V1.02 §2.5.1.1).
     */
    public Duration silentInterval() {
        if (line.baud() > 19_200) {
            return FAST_SILENT_INTERVAL;
        }
        return Duration.ofNanos(characterTime().toNanos() * 7 / 2);
    }
}
