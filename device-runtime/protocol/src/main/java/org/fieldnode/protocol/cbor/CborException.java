// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.cbor;

/**
 * What {@link CborReader} found wrong at the level of CBOR items; each format built on it (SenML, the desired
 * configuration) turns it into its own one-line message, naming its own record or key.
 */
public final class CborException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Problem {
        /** The item needs more bytes than remain: {@link #needed()} of them, {@link #remaining()} left. */
        TRUNCATED,
        /** An indefinite length (additional information 31), which fieldnode's formats never use. */
        INDEFINITE,
        /** Additional information 28–30, reserved (RFC 8949 §3): a malformed item. */
        RESERVED,
        /** A text string that is not UTF-8 (RFC 8949 §3.1). */
        NOT_UTF8
    }

    private final Problem problem;
    private final int position;
    private final int initial;
    private final long needed;
    private final long remaining;

    CborException(Problem problem, int position, int initial, long needed, long remaining) {
        super(problem + " at byte " + position);
        this.problem = problem;
        this.position = position;
        this.initial = initial;
        this.needed = needed;
        this.remaining = remaining;
    }

    public Problem problem() {
        return problem;
    }

    /** Where in the input the reader was when it found the problem. */
    public int position() {
        return position;
    }

    /** The initial byte of the item at fault. */
    public int initial() {
        return initial;
    }

    /** For {@link Problem#TRUNCATED}: the bytes the item needs; unsigned. */
    public long needed() {
        return needed;
    }

    /** For {@link Problem#TRUNCATED}: the bytes that remained. */
    public long remaining() {
        return remaining;
    }
}
