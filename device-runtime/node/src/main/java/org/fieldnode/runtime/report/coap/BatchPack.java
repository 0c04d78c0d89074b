// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;

/**
 * Maps a batch to resolved SenML records: {@code <baseName><sensor>/<quantity>}, SI unit, time, and the field of
 * the channel's kind ({@code v}, {@code vb} for a contact's state, {@code s} for a rain gauge's total, {@code vs}
 * for the node's health texts).
 */
final class BatchPack {
    /**
     * The base name a node's reports carry: none. RFC 8428 §4.5.1 recommends names that are globally unique, and a
     * node's are, once its context is added: the collector receives every report over a DTLS session that
     * authenticates the node (PSK identity or certificate), and files each record under that node, refusing any name
     * that claims another ({@code urn:dev:ops:<other>:...}). Repeating {@code urn:dev:ops:<nodeId>:} in every
     * message would cost about 30 bytes each and prove nothing the session has not proved. Series names
     * ({@code env0/temperature}) never contain {@code ':'} (profile ids are {@code [a-z][a-z0-9_-]*}), so the
     * collector tells them from absolute names.
     */
    static final String ON_THE_WIRE = "";

    private BatchPack() {}

    /** @throws IllegalArgumentException when a reading cannot be a SenML record (name characters, time range) */
    static List<SenmlRecord> records(String baseName, Batch batch) {
        return batch.readings().stream()
                .map(reading -> record(baseName, reading))
                .toList();
    }

    private static SenmlRecord record(String baseName, Reading reading) {
        if (reading.channel().kind() == Channel.Kind.TEXT) {
            return SenmlRecord.text(
                    baseName + reading.seriesName(),
                    reading.text(),
                    reading.observedAt(),
                    reading.timeQuality() == TimeQuality.UNSYNCED);
        }
        return new SenmlRecord(
                baseName + reading.seriesName(),
                reading.channel().unit().senml(),
                reading.value(),
                reading.observedAt(),
                reading.timeQuality() == TimeQuality.UNSYNCED,
                kind(reading.channel()));
    }

    /** The SenML field of a channel's values: a state as {@code vb}, a running total as the sum {@code s}. */
    static SenmlRecord.Kind kind(Channel channel) {
        return switch (channel.kind()) {
            case NUMBER -> SenmlRecord.Kind.VALUE;
            case STATE -> SenmlRecord.Kind.BOOLEAN;
            case TOTAL -> SenmlRecord.Kind.SUM;
            case TEXT -> SenmlRecord.Kind.STRING;
        };
    }
}
