// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

/**
 * A capture file that is not in the format its driver's bus needs (SENSORS.md, "Captures and offline replay"): not
 * {@code i2cdump} text, hex with an odd number of digits, not a {@code w1_slave} file. Its message reads
 * {@code FILE:LINE: what is wrong}. A usage error: nothing was decoded.
 */
public final class MalformedCaptureException extends Exception {
    private final String source;
    private final int line;

    public MalformedCaptureException(String source, int line, String problem) {
        super("%s:%d: %s".formatted(source, line, problem));
        this.source = source;
        this.line = line;
    }

    /** The file (or other origin) the capture came from. */
    public String source() {
        return source;
    }

    /** The 1-based line the problem is on. */
    public int line() {
        return line;
    }
}
