// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import org.fieldnode.protocol.cbor.CborException;
import org.fieldnode.protocol.cbor.CborReader;
import org.fieldnode.protocol.cbor.CborWriter;

/**
 * The few CBOR reads the update formats need, each checking the major type and a bound before it reads, and
 * turning every problem into a {@link Refusal#MALFORMED} refusal that names the byte.
 */
final class StrictCbor {
    private final CborReader in;

    StrictCbor(byte[] payload) {
        this.in = new CborReader(payload);
    }

    /** The argument of a head of {@code major} (definite, at most 8 bytes), at most {@code max}. */
    long head(int major, long max, String what) throws UpdateRefusedException {
        int at = in.position();
        try {
            int initial = in.peek();
            if (CborReader.major(initial) != major) {
                throw malformed(at, "expected " + what);
            }
            long argument = in.head();
            if (argument < 0 || argument > max) {
                throw malformed(at, what + " out of range");
            }
            return argument;
        } catch (CborException e) {
            throw malformed(e.position(), what + ": " + e.problem().name().toLowerCase());
        }
    }

    /** A negative integer -1-n with n at most {@code maxN}: returns the value. */
    long negative(long maxN, String what) throws UpdateRefusedException {
        return -1 - head(CborWriter.MAJOR_NEGATIVE, maxN, what);
    }

    /** The next item's major type, without consuming it. */
    int peekMajor() throws UpdateRefusedException {
        try {
            return CborReader.major(in.peek());
        } catch (CborException e) {
            throw malformed(in.position(), "ends early");
        }
    }

    byte[] bytes(long max, String what) throws UpdateRefusedException {
        long length = head(CborWriter.MAJOR_BYTES, max, what);
        try {
            return in.bytes(length);
        } catch (CborException e) {
            throw malformed(e.position(), what + " is cut short");
        }
    }

    String text(long max, String what) throws UpdateRefusedException {
        long length = head(CborWriter.MAJOR_TEXT, max, what);
        try {
            return in.utf8(length);
        } catch (CborException e) {
            throw malformed(e.position(), what + " is not UTF-8 or cut short");
        }
    }

    void end(String what) throws UpdateRefusedException {
        if (in.remaining() != 0) {
            throw malformed(in.position(), in.remaining() + " bytes after the " + what);
        }
    }

    static UpdateRefusedException malformed(int at, String what) {
        return new UpdateRefusedException(Refusal.MALFORMED, "byte " + at + ": " + what);
    }
}
