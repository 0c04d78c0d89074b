// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.fieldnode.collector.ReadingIngest.GroupOutcome;
import org.fieldnode.collector.ReadingIngest.IncomingBatch;
import org.fieldnode.protocol.Readings;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.protocol.senml.ReceivedRecord;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlException;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.security.event.SecurityEventCode;
import org.tinylog.Logger;

/**
 * Decides what to do with one POST of readings from an authenticated node, and does it. Returns a verdict instead
 * of throwing, so the resource only translates it into a response. Nothing is stored unless the whole batch is
 * valid. The serving collector checks a batch on the CoAP thread and queues it on a {@link GroupCommit}; the
 * verdict comes once the commit that holds it returned.
 */
final class BatchIngest {
    /** What became of one POST. */
    sealed interface Verdict {
        /** Newly stored; {@code readings} records. Answer 2.04. */
        record Stored(int readings) implements Verdict {}

        /** This (device, sequence) was stored before: a retransmission. Answer 2.04, store nothing. */
        record AlreadyStored() implements Verdict {}

        /**
         * Readings of this batch were stored before under the same sequence numbers with other content (SECURITY
         * R28): nothing stored, never acknowledged. Answer 4.09 Conflict with {@link #REASON}, which holds no
         * internal detail (R36); the node keeps the batch.
         */
        record Conflict() implements Verdict {
            public static final String REASON =
                    "readings with these sequence numbers were stored before with other" + " content; not stored";
        }

        /** Refused with {@code code}; {@code reason} goes back as the diagnostic payload (RFC 7252 §5.5.2). */
        record Refused(ResponseCode code, String reason) implements Verdict {}

        /**
         * Valid, but the store could not commit it, or the collector is overloaded: nothing of it was stored.
         * Answer 5.03 with Max-Age {@code retryAfterSeconds} (RFC 7252 §5.9.3.4) so that the node keeps the batch
         * and sends it again (a 4.xx would make it give the batch up). The reason is for the peer and holds no
         * internal detail (SECURITY R36).
         */
        record NotStored(ResponseCode code, String reason, int retryAfterSeconds) implements Verdict {}
    }

    /** The answer's Max-Age for a batch that could not be stored: try again in about this many seconds. */
    static final int RETRY_AFTER_SECONDS = 30;

    /** The answer's Max-Age when the commit queue is full: the collector expects to catch up within seconds. */
    static final int OVERLOADED_RETRY_AFTER_SECONDS = 5;

    private final ReadingIngest store;
    private final ReadingListener listener;
    private final InstantSource clock;
    private final CollectorEvents events;

    BatchIngest(ReadingIngest store, ReadingListener listener) {
        this(store, listener, CollectorEvents.toLogger());
    }

    /** With conflicts and integrity failures recorded as security events (SECURITY R28, R29). */
    BatchIngest(ReadingIngest store, ReadingListener listener, CollectorEvents events) {
        this(store, listener, InstantSource.system(), events);
    }

    BatchIngest(ReadingIngest store, ReadingListener listener, InstantSource clock, CollectorEvents events) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Checks and stores one POST, committing it alone: for tests and callers without a {@link GroupCommit}.
     *
     * @param device the authenticated PSK identity of the sender
     * @param contentFormat the request's Content-Format, or -1 when it had none
     * @param queries the request's Uri-Query options
     */
    Verdict ingest(String device, int contentFormat, List<String> queries, byte[] payload) {
        Checked checked = check(device, contentFormat, queries, payload);
        if (checked instanceof Refusal refusal) {
            return refusal.refused();
        }
        Accepted accepted = (Accepted) checked;
        GroupOutcome outcome = GroupOutcome.of(() -> store.storeNew(
                device, accepted.batch().receivedAt(), accepted.batch().readings()));
        return verdict(accepted, outcome);
    }

    /**
     * Checks one POST and, when it is valid, queues it on {@code commits}; {@code answer} is told the verdict once:
     * at once for a refused or overloaded batch, after the commit that holds it otherwise (on the committing thread).
     */
    void ingest(
            String device,
            int contentFormat,
            List<String> queries,
            byte[] payload,
            GroupCommit commits,
            Consumer<Verdict> answer) {
        Checked checked = check(device, contentFormat, queries, payload);
        if (checked instanceof Refusal refusal) {
            answer.accept(refusal.refused());
            return;
        }
        Accepted accepted = (Accepted) checked;
        boolean queued = commits.offer(accepted.batch(), outcome -> answer.accept(verdict(accepted, outcome)));
        if (!queued) {
            Logger.warn(
                    "Batch {} of {} not queued: the collector is overloaded or stopping; answered 5.03",
                    accepted.sequence(),
                    device);
            answer.accept(new Verdict.NotStored(
                    ResponseCode.SERVICE_UNAVAILABLE,
                    "collector overloaded; send again later",
                    OVERLOADED_RETRY_AFTER_SECONDS));
        }
    }

    /** A POST that passed the checks, ready to store. */
    private sealed interface Checked {}

    private record Refusal(Verdict.Refused refused) implements Checked {}

    private record Accepted(long sequence, IncomingBatch batch) implements Checked {}

    private Checked check(String device, int contentFormat, List<String> queries, byte[] payload) {
        Optional<SenmlFormat> format = SenmlFormat.byContentFormat(contentFormat);
        if (format.isEmpty()) {
            return refuse(
                    ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                    (contentFormat < 0 ? "no Content-Format" : "Content-Format " + contentFormat + " is not SenML")
                            + "; send 112 (application/senml+cbor) or 110 (application/senml+json)");
        }
        // s= is optional: a fieldnode node numbers every reading (exactly once per (device, sequence)); a client that
        // does not is kept once per (device, series, time) instead, at least once (WIRE-CONTRACT.md).
        Optional<Long> sequence = Readings.sequence(queries);
        boolean asksSequence = queries.stream().anyMatch(q -> q.startsWith(Readings.SEQUENCE + "="));
        if (sequence.isEmpty() && asksSequence) {
            return refuse(
                    ResponseCode.BAD_REQUEST, "malformed batch sequence: send at most one Uri-Query s=<0..2^63-1>");
        }
        Instant receivedAt = clock.instant();
        List<ReceivedRecord> records;
        try {
            records = SenmlCodec.decodeReceived(payload, format.get(), receivedAt);
        } catch (SenmlException e) {
            return refuse(ResponseCode.BAD_REQUEST, e.getMessage());
        }
        if (records.isEmpty()) {
            return refuse(ResponseCode.BAD_REQUEST, "payload: the pack holds no records");
        }

        // Names: a name without ':' (a node's series name, env0/temperature, as nodes send them since series runs)
        // is relative to the authenticated device; any other name must be under the device's own base name
        // urn:dev:ops:<device>: (as older nodes and other clients send them), and a name under another device's is
        // refused. So a node can name only its own series, whichever form it uses.
        String baseName = SeriesNames.baseName(device);
        List<StoredReading> batch = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ReceivedRecord record = records.get(i);
            boolean relative = SeriesNames.isRelative(record.name());
            if (!relative && !record.name().startsWith(baseName)) {
                return refuse(
                        ResponseCode.FORBIDDEN,
                        "record " + i + ": name " + Printable.of(record.name()) + " is not under this node's base name "
                                + baseName);
            }
            String name = relative ? record.name() : record.name().substring(baseName.length());
            if (name.isEmpty()) {
                return refuse(
                        ResponseCode.BAD_REQUEST, "record " + i + ": name has nothing after the base name " + baseName);
            }
            batch.add(new StoredReading(
                    device,
                    name,
                    record.unit(),
                    record.time(),
                    sequence.isPresent() ? sequence.get() + i : StoredReading.NO_SEQUENCE,
                    record.value(),
                    record.sum(),
                    record.timeQuality()));
        }
        return new Accepted(sequence.orElse(StoredReading.NO_SEQUENCE), new IncomingBatch(device, receivedAt, batch));
    }

    private static Refusal refuse(ResponseCode code, String reason) {
        return new Refusal(new Verdict.Refused(code, reason));
    }

    /** The verdict on a stored (or not) batch; tells the listener about every reading newly stored. */
    private Verdict verdict(Accepted accepted, GroupOutcome outcome) {
        String device = accepted.batch().device();
        return switch (outcome) {
            case GroupOutcome.Conflicted conflicted -> {
                // The security event below is the operator's line (error, rate-limited); this one is per request.
                Logger.debug(
                        "Batch {} of {} refused (4.09): {}; the node keeps it",
                        accepted.sequence(),
                        Printable.of(device),
                        conflicted.conflict().getMessage());
                events.record(
                        SecurityEventCode.SEQUENCE_CONFLICT,
                        device,
                        "batch " + accepted.sequence() + " ("
                                + accepted.batch().readings().size()
                                + " readings): reading " + conflicted.conflict().sequence()
                                + " was stored before with other content; refused 4.09, nothing stored");
                yield new Verdict.Conflict();
            }
            case GroupOutcome.Failed failed -> {
                if (failed.cause() instanceof StoreIntegrityException damaged) {
                    events.record(SecurityEventCode.INTEGRITY_FAILURE, device, damaged.getMessage());
                }
                Logger.error(
                        "Batch {} of {} not stored, the node will send it again: {}",
                        accepted.sequence(),
                        device,
                        failed.cause().getMessage());
                yield new Verdict.NotStored(
                        ResponseCode.SERVICE_UNAVAILABLE,
                        "cannot store readings now; send again later",
                        RETRY_AFTER_SECONDS);
            }
            case GroupOutcome.Added added
            when added.readings().isEmpty() -> {
                Logger.debug("Batch {} of {} was stored before; acknowledged again", accepted.sequence(), device);
                yield new Verdict.AlreadyStored();
            }
            case GroupOutcome.Added added -> {
                Logger.debug(
                        "Stored batch {} of {}: {} new of {} readings",
                        accepted.sequence(),
                        device,
                        added.readings().size(),
                        accepted.batch().readings().size());
                for (StoredReading reading : added.readings()) {
                    notifyListener(reading);
                }
                yield new Verdict.Stored(added.readings().size());
            }
        };
    }

    private void notifyListener(StoredReading reading) {
        try {
            listener.stored(reading);
        } catch (RuntimeException e) {
            Logger.warn(e, "Reading listener failed on {} of {}", reading.name(), reading.device());
        }
    }
}
