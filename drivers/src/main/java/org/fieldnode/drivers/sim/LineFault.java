// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/**
 * A fault a simulated UART chip, 1-Wire probe or IIO device injects into its next readings ({@code failNext}).
 * Disconnection is not a fault of one reading: each simulator has {@code disconnect()} and {@code reconnect()}.
 */
public enum LineFault {
    /** No answer: a UART frame is not sent, a 1-Wire read fails with EIO, an IIO read with ETIMEDOUT. */
    TIMEOUT,
    /** The answer is corrupt: a UART frame with a wrong checksum, a scratchpad with a wrong CRC, EIO from IIO. */
    CRC_ERROR,
    /** The answer repeats the previous reading although the measured value moved. Undetectable by design. */
    STUCK_VALUE,
    /** The answer is cut short: half a UART frame, a truncated {@code w1_slave} file, EAGAIN from IIO. */
    SHORT_READ
}
