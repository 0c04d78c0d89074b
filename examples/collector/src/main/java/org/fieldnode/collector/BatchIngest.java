// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.fieldnode.runtime.senml.SenmlCodec;
import org.fieldnode.runtime.senml.SenmlException;
import org.fieldnode.runtime.senml.SenmlFormat;
import org.fieldnode.runtime.senml.SenmlRecord;
import org.tinylog.Logger;

/**
 * Decides what to do with one POST of readings from an authenticated node, and does it. Returns a verdict instead
 * of throwing, so the resource only translates it into a response. Nothing is stored unless the whole batch is
 * valid.
 */
final class BatchIngest {
    /** What became of one POST. */
    sealed interface Verdict {
        /** Newly stored; {@code readings} records. Answer 2.04. */
        record Stored(int readings) implements Verdict {}

        /** This (device, sequence) was stored before: a retransmission. Answer 2.04, store nothing. */
        record AlreadyStored() implements Verdict {}

        /** Refused with {@code code}; {@code reason} goes back as the diagnostic payload (RFC 7252 §5.5.2). */
        record Refused(ResponseCode code, String reason) implements Verdict {}

        /**
         * Valid, but the store could not commit it: nothing of it was stored. Answer 5.03 so that the node keeps
         * the batch and sends it again (a 4.xx would make it give the batch up). The reason is for the peer and
         * holds no internal detail (SECURITY R36).
         */
        record NotStored(ResponseCode code, String reason) implements Verdict {}
    }

    /** The answer's Max-Age for a batch that could not be stored: try again in about this many seconds. */
    static final int RETRY_AFTER_SECONDS = 30;

    private final ReadingStore store;
    private final ReadingListener listener;
    private final InstantSource clock;

    BatchIngest(ReadingStore store, ReadingListener listener) {
        this(store, listener, InstantSource.system());
    }

    BatchIngest(ReadingStore store, ReadingListener listener, InstantSource clock) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * @param device the authenticated PSK identity of the sender
     * @param contentFormat the request's Content-Format, or -1 when it had none
     * @param queries the request's Uri-Query options
     */
    Verdict ingest(String device, int contentFormat, List<String> queries, byte[] payload) {
        Optional<SenmlFormat> format = SenmlFormat.byContentFormat(contentFormat);
        if (format.isEmpty()) {
            return new Verdict.Refused(
                    ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                    (contentFormat < 0 ? "no Content-Format" : "Content-Format " + contentFormat + " is not SenML")
                            + "; send 112 (application/senml+cbor) or 110 (application/senml+json)");
        }
        Optional<Long> sequence = sequence(queries);
        if (sequence.isEmpty()) {
            return new Verdict.Refused(
                    ResponseCode.BAD_REQUEST, "missing or malformed batch sequence: send one Uri-Query s=<0..2^63-1>");
        }
        List<SenmlRecord> records;
        try {
            records = SenmlCodec.decode(payload, format.get());
        } catch (SenmlException e) {
            return new Verdict.Refused(ResponseCode.BAD_REQUEST, e.getMessage());
        }
        if (records.isEmpty()) {
            return new Verdict.Refused(ResponseCode.BAD_REQUEST, "payload: the pack holds no records");
        }

        // Names: a name without ':' (a node's series name, env0/temperature, as nodes send them since series runs)
        // is relative to the authenticated device; any other name must be under the device's own base name
        // urn:dev:ops:<device>: (as older nodes and other clients send them), and a name under another device's is
        // refused. So a node can name only its own series, whichever form it uses.
        String baseName = "urn:dev:ops:" + device + ":";
        List<StoredReading> batch = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord record = records.get(i);
            boolean relative = record.name().indexOf(':') < 0;
            if (!relative && !record.name().startsWith(baseName)) {
                return new Verdict.Refused(
                        ResponseCode.FORBIDDEN,
                        "record " + i + ": name " + Printable.of(record.name()) + " is not under this node's base name "
                                + baseName);
            }
            String name = relative ? record.name() : record.name().substring(baseName.length());
            if (name.isEmpty()) {
                return new Verdict.Refused(
                        ResponseCode.BAD_REQUEST, "record " + i + ": name has nothing after the base name " + baseName);
            }
            batch.add(new StoredReading(
                    device,
                    name,
                    record.value(),
                    record.unit(),
                    record.time(),
                    sequence.get() + i,
                    record.timeUnsynced()));
        }

        List<StoredReading> added;
        try {
            added = store.storeNew(device, clock.instant(), batch);
        } catch (StoreException e) {
            Logger.error(
                    "Batch {} of {} not stored, the node will send it again: {}",
                    sequence.get(),
                    device,
                    e.getMessage());
            return new Verdict.NotStored(
                    ResponseCode.SERVICE_UNAVAILABLE, "cannot store readings now; send again later");
        }
        if (added.isEmpty()) {
            Logger.debug("Batch {} of {} was stored before; acknowledged again", sequence.get(), device);
            return new Verdict.AlreadyStored();
        }
        Logger.debug(
                "Stored batch {} of {}: {} new of {} readings", sequence.get(), device, added.size(), batch.size());
        for (StoredReading reading : added) {
            notifyListener(reading);
        }
        return new Verdict.Stored(added.size());
    }

    private void notifyListener(StoredReading reading) {
        try {
            listener.stored(reading);
        } catch (RuntimeException e) {
            Logger.warn(e, "Reading listener failed on {} of {}", reading.name(), reading.device());
        }
    }

    /** Exactly one {@code s=<decimal>} among the Uri-Query options (fieldnode's reporter sends it). */
    private static Optional<Long> sequence(List<String> queries) {
        Optional<Long> found = Optional.empty();
        for (String query : queries) {
            if (!query.startsWith("s=")) {
                continue;
            }
            if (found.isPresent()) {
                return Optional.empty();
            }
            String digits = query.substring(2);
            if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            try {
                found = Optional.of(Long.parseLong(digits));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return found;
    }
}
