// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes SenML packs (RFC 8428) in CBOR and JSON with fieldnode's own small readers and writers, so
 * the node carries no JSON or CBOR library.
 *
 * <p><b>Encoding</b> is compact (see {@link CompactPack}). A batch of several samples travels in series runs: each
 * series' name ({@code bn}) and unit ({@code bu}) once, a time step ({@code dt_}) instead of a time per reading, a
 * base value ({@code bv}) under large integers, and in CBOR decimal floats ({@code df_}: 21.4 in the 3 bytes of a
 * half); grouping is undone on decoding ({@code to_}), so records come back in the order they were given. One
 * sample of several series keeps {@code bn} = the common {@code urn:dev:ops:<id>:} prefix, {@code n} per record and
 * one {@code bu} when all units match. Integral values are integers. The extensions end in {@code _}, so a
 * receiver that does not know them refuses the pack instead of misreading it (RFC 8428 §4.4).
 *
 * <p><b>Decoding</b> is strict: it resolves base fields (RFC 8428 §4.6), checks every record (§4.5) and refuses
 * what fieldnode does not support, with a {@link SenmlException} whose one-line message names the record and the
 * field. Payloads above 64 KiB and packs of more than 1024 records are refused; nothing is allocated for a length
 * the payload cannot hold. Times come back rounded to the microsecond (to the millisecond for
 * times after 2106), the finest a double of epoch seconds carries.
 *
 * <p>Round trip: {@code decode(encode(records))} equals {@code records}, in order, for every valid list of records
 * with times in whole microseconds before 2106 (property-tested).
 *
 * <p>Stateless and thread-safe.
 */
public final class SenmlCodec {
    private SenmlCodec() {}

    /**
     * Encodes resolved records as one pack, in their order.
     *
     * @param records records to send; may be empty (an empty array)
     */
    public static byte[] encode(List<SenmlRecord> records, SenmlFormat format) {
        Objects.requireNonNull(format, "format");
        var pack = CompactPack.of(List.copyOf(records), format == SenmlFormat.CBOR);
        return switch (format) {
            case CBOR -> SenmlCborWriter.write(pack);
            case JSON -> SenmlJsonWriter.write(pack);
        };
    }

    /**
     * Decodes and resolves a pack.
     *
     * @return the resolved records in payload order (empty for an empty array)
     * @throws SenmlException when the payload is malformed, invalid, too large or uses what is not supported
     */
    public static List<SenmlRecord> decode(byte[] payload, SenmlFormat format) throws SenmlException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(format, "format");
        if (payload.length > SenmlRules.MAX_PAYLOAD_BYTES) {
            throw SenmlException.inPayload(
                    payload.length + " bytes exceed the limit of " + SenmlRules.MAX_PAYLOAD_BYTES + " bytes");
        }
        List<RawRecord> raw = switch (format) {
            case CBOR -> SenmlCborReader.read(payload);
            case JSON -> SenmlJsonReader.read(payload);
        };
        return PackResolver.resolve(raw);
    }

    /**
     * Decodes and resolves a pack from any SenML client, as a receiver that knows when it got it: every value type
     * ({@code v}, {@code vs}, {@code vb}, {@code vd}) and sums, base value and base sum applied; a time below 2^28 s
     * resolved against {@code receivedAt} (RFC 8428 §4.5.3) and marked {@link SenmlTimeQuality#RELATIVE}, a record
     * without any time given {@code receivedAt} and marked {@link SenmlTimeQuality#RECEIPT}. A record with more
     * than one value field, or with neither a value nor a sum, is refused. Limits as {@link #decode}; strings hold
     * at most 1024 characters and data at most 1024 bytes.
     *
     * @param receivedAt the time of receipt, kept to the microsecond
     * @throws SenmlException when the payload is malformed, invalid or too large
     */
    public static List<ReceivedRecord> decodeReceived(byte[] payload, SenmlFormat format, Instant receivedAt)
            throws SenmlException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (payload.length > SenmlRules.MAX_PAYLOAD_BYTES) {
            throw SenmlException.inPayload(
                    payload.length + " bytes exceed the limit of " + SenmlRules.MAX_PAYLOAD_BYTES + " bytes");
        }
        List<RawRecord> raw = switch (format) {
            case CBOR -> SenmlCborReader.read(payload);
            case JSON -> SenmlJsonReader.read(payload);
        };
        return PackResolver.resolve(raw, receivedAt);
    }
}
