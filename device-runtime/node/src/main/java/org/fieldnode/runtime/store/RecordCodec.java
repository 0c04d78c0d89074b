// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;

/**
 * The payload of one queue record (format version 2): a run of consecutive readings. Varints are unsigned LEB128;
 * "zigzag" maps signed to unsigned as in protobuf ({@code (n << 1) ^ (n >> 63)}).
 *
 * <pre>
 * payload   := seqOffset count sensorCount sensor{sensorCount} reading{count}
 * seqOffset := varint       sequence of the first reading minus the segment's base sequence
 * count     := varint       1..{@value #MAX_READINGS}
 * sensor    := varint length, UTF-8 bytes          (the record's sensor-id table, in first-use order)
 * reading   := tag channel value millis [nanos] mono
 * tag       := varint       bits 0-1 value kind (0 float64, 1 float32, 2 zigzag-varint integer, 3 text),
 *                           bit 2 sub-millisecond nanos follow, bit 3 time taken on an unsynchronised clock,
 *                           bits 4.. index into the sensor table
 * channel   := varint code (ChannelCodes), or 0 followed by varint length + UTF-8 quantity name
 * value     := 8 or 4 bytes IEEE 754 big-endian, or zigzag varint: the value's exact double; or, for a text
 *              channel's reading (value 0), varint length + UTF-8 text
 * millis    := zigzag varint  observedAt epoch millis minus the previous reading's (the first: minus 0)
 * nanos     := varint       observedAt's nanos within its millisecond, 1..999 999
 * mono      := zigzag varint  monotonicNanos minus the previous reading's (the first: minus 0)
 * </pre>
 *
 * A weather-station cycle (one sensor, four channels, same instant) costs about 60 bytes for four readings.
 */
final class RecordCodec {
    static final int MAX_READINGS = 64;

    private static final int KIND_DOUBLE = 0;
    private static final int KIND_FLOAT = 1;
    private static final int KIND_INTEGER = 2;
    private static final int KIND_TEXT = 3;
    private static final int FLAG_SUB_MILLIS = 4;
    private static final int FLAG_UNSYNCED = 8;
    private static final int SENSOR_SHIFT = 4;
    private static final double MAX_EXACT_INTEGER = 0x1p53;

    private RecordCodec() {}

    /** A decoded record. */
    record Decoded(long firstSequence, List<Reading> readings) {
        long endSequence() {
            return firstSequence + readings.size();
        }
    }

    /**
     * Splits readings into runs that each fit one record, one reading per run when {@code onePerRecord}.
     *
     * @throws IllegalArgumentException when a single reading cannot fit a record (a sensor id of kilobytes)
     */
    static List<List<Reading>> split(List<Reading> readings, boolean onePerRecord) {
        List<List<Reading>> runs = new ArrayList<>();
        List<Reading> run = new ArrayList<>();
        int bound = 32; // seqOffset, count, sensorCount: generous
        for (Reading r : readings) {
            int cost = maxCost(r);
            if (cost + 32 > Segment.MAX_PAYLOAD) {
                throw new IllegalArgumentException(
                        "reading of sensor id of " + r.sensorId().length() + " characters does not fit a queue record");
            }
            if (!run.isEmpty() && (onePerRecord || run.size() == MAX_READINGS || bound + cost > Segment.MAX_PAYLOAD)) {
                runs.add(run);
                run = new ArrayList<>();
                bound = 32;
            }
            run.add(r);
            bound += cost;
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /** An upper bound of a reading's bytes in a record, its sensor table entry included. */
    private static int maxCost(Reading r) {
        int sensor = utf8Length(r.sensorId()) + 5;
        int channel = ChannelCodes.codeOf(r.channel()) > 0
                ? 1
                : 6 + utf8Length(r.channel().quantity());
        int text = r.text().isEmpty() ? 0 : 5 + utf8Length(r.text());
        return sensor + 2 + channel + 8 + text + 10 + 3 + 10;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Encodes a run of readings (at most {@link #MAX_READINGS}, sized by {@link #split}). */
    static byte[] encode(List<Reading> readings, long firstSequence, long segmentBase) {
        if (readings.isEmpty() || readings.size() > MAX_READINGS || firstSequence < segmentBase) {
            throw new IllegalArgumentException(
                    "bad record: " + readings.size() + " readings from " + firstSequence + " in " + segmentBase);
        }
        Map<String, Integer> sensors = new LinkedHashMap<>();
        for (Reading r : readings) {
            sensors.putIfAbsent(r.sensorId(), sensors.size());
        }
        Writer out = new Writer();
        out.varint(firstSequence - segmentBase);
        out.varint(readings.size());
        out.varint(sensors.size());
        for (String id : sensors.keySet()) {
            out.string(id);
        }
        long previousMillis = 0;
        long previousMono = 0;
        for (Reading r : readings) {
            double v = r.value();
            int kind = r.channel().kind() == Channel.Kind.TEXT
                    ? KIND_TEXT
                    : isExactInteger(v) ? KIND_INTEGER : (double) (float) v == v ? KIND_FLOAT : KIND_DOUBLE;
            long millis = r.observedAt().toEpochMilli();
            int subMillis = r.observedAt().getNano() % 1_000_000;
            int flags = (subMillis != 0 ? FLAG_SUB_MILLIS : 0)
                    | (r.timeQuality() == TimeQuality.UNSYNCED ? FLAG_UNSYNCED : 0);
            out.varint(((long) sensors.get(r.sensorId()) << SENSOR_SHIFT) | flags | kind);
            int code = ChannelCodes.codeOf(r.channel());
            out.varint(code);
            if (code == 0) {
                out.string(r.channel().quantity());
            }
            switch (kind) {
                case KIND_INTEGER -> out.varint(zigzag((long) v));
                case KIND_FLOAT -> out.int32(Float.floatToRawIntBits((float) v));
                case KIND_TEXT -> out.string(r.text());
                default -> out.int64(Double.doubleToRawLongBits(v));
            }
            out.varint(zigzag(millis - previousMillis));
            if (subMillis != 0) {
                out.varint(subMillis);
            }
            out.varint(zigzag(r.monotonicNanos() - previousMono));
            previousMillis = millis;
            previousMono = r.monotonicNanos();
        }
        return out.toByteArray();
    }

    private static boolean isExactInteger(double v) {
        return v == Math.rint(v) && Math.abs(v) <= MAX_EXACT_INTEGER && !(v == 0 && 1 / v < 0);
    }

    /** Decodes a payload whose checksum matched. */
    static Decoded decode(byte[] payload, long segmentBase) throws CorruptRecordException {
        Reader in = new Reader(payload);
        long first = segmentBase + in.varint();
        long count = in.varint();
        long sensorCount = in.varint();
        if (first < segmentBase || count < 1 || count > MAX_READINGS || sensorCount < 1 || sensorCount > count) {
            throw new CorruptRecordException("bad record header");
        }
        String[] sensors = new String[(int) sensorCount];
        for (int i = 0; i < sensors.length; i++) {
            sensors[i] = in.string();
        }
        List<Reading> readings = new ArrayList<>((int) count);
        long millis = 0;
        long mono = 0;
        for (int i = 0; i < count; i++) {
            long tag = in.varint();
            long sensor = tag >>> SENSOR_SHIFT;
            if (sensor >= sensors.length) {
                throw new CorruptRecordException("sensor index out of range");
            }
            Channel channel = channel(in);
            String text = "";
            double value = switch ((int) (tag & 3)) {
                case KIND_INTEGER -> (double) unzigzag(in.varint());
                case KIND_FLOAT -> Float.intBitsToFloat(in.int32());
                case KIND_DOUBLE -> Double.longBitsToDouble(in.int64());
                default -> {
                    text = in.string();
                    yield 0;
                }
            };
            millis += unzigzag(in.varint());
            long nanos = (tag & FLAG_SUB_MILLIS) != 0 ? in.varint() : 0;
            if (nanos < 0 || nanos >= 1_000_000) {
                throw new CorruptRecordException("sub-millisecond nanos out of range");
            }
            mono += unzigzag(in.varint());
            try {
                Instant at = Instant.ofEpochMilli(millis).plusNanos(nanos);
                TimeQuality quality = (tag & FLAG_UNSYNCED) != 0 ? TimeQuality.UNSYNCED : TimeQuality.SYNCED;
                readings.add(new Reading(sensors[(int) sensor], channel, value, mono, at, quality, text));
            } catch (RuntimeException e) {
                throw new CorruptRecordException("reading does not decode: " + e.getMessage());
            }
        }
        if (in.remaining() != 0) {
            throw new CorruptRecordException(in.remaining() + " trailing bytes");
        }
        return new Decoded(first, readings);
    }

    private static Channel channel(Reader in) throws CorruptRecordException {
        long code = in.varint();
        if (code == 0) {
            String quantity = in.string();
            return ChannelCodes.byQuantity(quantity)
                    .orElseThrow(() -> new CorruptRecordException("unknown quantity " + quantity));
        }
        return ChannelCodes.byCode((int) Math.min(code, Integer.MAX_VALUE))
                .orElseThrow(() -> new CorruptRecordException("unknown channel code " + code));
    }

    static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    static long unzigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    /** A growing byte array with varint and big-endian writers. */
    private static final class Writer {
        private byte[] bytes = new byte[128];
        private int size;

        void varint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            put((byte) v);
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            for (byte b : utf8) {
                put(b);
            }
        }

        void int32(int v) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                put((byte) (v >>> shift));
            }
        }

        void int64(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                put((byte) (v >>> shift));
            }
        }

        private void put(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = b;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** Reads what {@link Writer} wrote; every overrun or overlong field is a {@link CorruptRecordException}. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long varint() throws CorruptRecordException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new CorruptRecordException("varint longer than 10 bytes");
        }

        String string() throws CorruptRecordException {
            long length = varint();
            if (length < 0 || length > remaining()) {
                throw new CorruptRecordException("string overruns the record");
            }
            String s = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
            position += (int) length;
            return s;
        }

        int int32() throws CorruptRecordException {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | next();
            }
            return v;
        }

        long int64() throws CorruptRecordException {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | next();
            }
            return v;
        }

        int remaining() {
            return bytes.length - position;
        }

        private int next() throws CorruptRecordException {
            if (position == bytes.length) {
                throw new CorruptRecordException("record ends early");
            }
            return bytes[position++] & 0xFF;
        }
    }
}
