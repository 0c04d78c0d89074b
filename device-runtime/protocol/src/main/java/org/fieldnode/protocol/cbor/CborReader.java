// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.cbor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one CBOR reader (RFC 8949) of the wire contract, used by the SenML codec and the desired configuration: a
 * cursor over one payload that reads heads, integers, floats and strings of definite length, and refuses before it
 * allocates anything a length the payload cannot hold. It knows no format: which items may follow which, and the
 * words of an error, are the caller's ({@link CborException} says what was wrong where).
 */
public final class CborReader {
    private static final int INDEFINITE = 31;

    private final byte[] in;
    private int pos;

    public CborReader(byte[] in) {
        this.in = in;
    }

    /** The offset of the next byte. */
    public int position() {
        return pos;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return in.length - pos;
    }

    /**
     * The initial byte of the next item, not consumed.
     *
     * @throws CborException {@link CborException.Problem#TRUNCATED} at the end of the payload
     */
    public int peek() throws CborException {
        require(1, pos, 0);
        return in[pos] & 0xFF;
    }

    /** The major type of an initial byte. */
    public static int major(int initial) {
        return initial >>> 5;
    }

    /** The additional information of an initial byte. */
    public static int info(int initial) {
        return initial & 0x1F;
    }

    /**
     * Reads the head of the next item (RFC 8949 §3), whose major type the caller has checked with {@link #peek}, and
     * returns its argument, unsigned in a long (negative when it is 2^63 or more).
     *
     * @throws CborException for an indefinite length, reserved additional information or a truncated argument
     */
    public long head() throws CborException {
        int initial = peek();
        pos++;
        int info = info(initial);
        if (info < 24) {
            return info;
        }
        return switch (info) {
            case 24 -> bigEndian(1, initial);
            case 25 -> bigEndian(2, initial);
            case 26 -> bigEndian(4, initial);
            case 27 -> bigEndian(8, initial);
            case INDEFINITE -> throw new CborException(CborException.Problem.INDEFINITE, pos - 1, initial, 0, 0);
            default -> throw new CborException(CborException.Problem.RESERVED, pos - 1, initial, 0, 0);
        };
    }

    /**
     * Reads the {@code bytes} (1, 2, 4 or 8) that follow a simple value's initial byte (a float), big-endian; the
     * initial byte must have been consumed with {@link #skip}.
     */
    public long bigEndian(int bytes, int initial) throws CborException {
        require(bytes, pos, initial);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (in[pos++] & 0xFF);
        }
        return value;
    }

    /** Consumes one byte (the initial byte of a simple value, after {@link #peek}). */
    public void skip() {
        pos++;
    }

    /**
     * Reads {@code length} bytes as strict UTF-8.
     *
     * @throws CborException {@link CborException.Problem#NOT_UTF8}, or TRUNCATED when fewer bytes remain
     */
    public String utf8(long length) throws CborException {
        require(length, pos, 0);
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in, pos, (int) length))
                    .toString();
            pos += (int) length;
            return text;
        } catch (CharacterCodingException e) {
            throw new CborException(CborException.Problem.NOT_UTF8, pos, 0, length, remaining());
        }
    }

    /** Reads {@code length} raw bytes (a byte string's content). */
    public byte[] bytes(long length) throws CborException {
        require(length, pos, 0);
        byte[] data = Arrays.copyOfRange(in, pos, pos + (int) length);
        pos += (int) length;
        return data;
    }

    private void require(long count, int at, int initial) throws CborException {
        if (count < 0 || count > in.length - pos) {
            throw new CborException(CborException.Problem.TRUNCATED, at, initial, count, in.length - pos);
        }
    }
}
