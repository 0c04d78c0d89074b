// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.export;

import java.io.IOException;
import java.io.Writer;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.protocol.json.JsonWriter;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;

/**
 * Writes readings as a SenML JSON pack (RFC 8428 §5), one record per line, in {@link ReadingStore#scan} order:
 *
 * <pre>
 * [
 * {"bn":"urn:dev:ops:fieldnode-3f9c:","n":"env0/temperature","u":"Cel","v":21.5,"t":1772366400,"seq":7},
 * {"n":"env0/humidity","u":"%RH","v":40.25,"t":1772366400,"seq":8}
 * ]
 * </pre>
 *
 * The base name {@code bn} is the node's, {@code urn:dev:ops:<device>:}, and is repeated whenever the device
 * changes from the previous record (SenML base fields apply until changed, §4.1). {@code t} is the absolute
 * observation time in seconds since 1970 (exact to the microsecond), {@code u} is omitted when the reading has no
 * unit. Each reading keeps its SenML type: {@code v}, {@code vs}, {@code vb} or {@code vd} (base64url, no padding),
 * and {@code s} for a sum. {@code seq} is fieldnode's reading sequence number, absent for a client that sends none;
 * {@code tq} says where a time came from when it was not a synchronised clock ({@code unsynced}, {@code relative}:
 * relative to receipt, {@code receipt}: no time sent). Both are labels that SenML readers skip (§4.4), so the
 * export reads back as the same resolved records; {@code seq} identifies each reading exactly as the store does. Written with the project's one {@link
 * JsonWriter}; values in the form of the CSV export ({@link Text#number}). Streams: one record in memory at a time.
 */
public final class JsonExport {
    private JsonExport() {}

    /** @return the number of readings written */
    public static long write(ReadingStore store, ReadingFilter filter, Writer out) throws IOException {
        JsonWriter json = new JsonWriter(128).beginArray();
        String[] device = {null};
        long[] written = {0};
        store.scan(filter, r -> {
            json.nextLine().beginObject();
            if (!r.device().equals(device[0])) {
                json.name("bn").value(SeriesNames.baseName(r.device()));
                device[0] = r.device();
            }
            json.name("n").value(r.name());
            if (!r.unit().isEmpty()) {
                json.name("u").value(r.unit());
            }
            switch (r.typed()) {
                case SenmlValue.Numeric n -> json.name("v").numberText(Text.number(n.number()));
                case SenmlValue.Text t -> json.name("vs").value(t.text());
                case SenmlValue.Flag f -> json.name("vb").value(f.flag());
                case SenmlValue.Data d -> json.name("vd").value(d.base64());
                case null -> {}
            }
            if (r.sum() != null) {
                json.name("s").numberText(Text.number(r.sum()));
            }
            json.name("t").numberText(Text.epochSeconds(r.time()));
            if (r.timeQuality() != SenmlTimeQuality.SYNCED) {
                json.name("tq").value(r.timeQuality().code());
            }
            if (r.sequenced()) {
                json.name("seq").value(r.sequence());
            }
            json.endObject();
            out.write(json.take());
            written[0]++;
        });
        if (written[0] > 0) {
            json.newLine();
        }
        out.write(json.endArray().newLine().take());
        out.flush();
        return written[0];
    }
}
