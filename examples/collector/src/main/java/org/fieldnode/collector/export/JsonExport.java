// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.export;

import java.io.IOException;
import java.io.Writer;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingStore;

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
 * unit. {@code seq} is fieldnode's reading sequence number: an extension label that SenML readers skip (§4.4),
 * kept so that an export identifies each reading exactly as the store does. Streams: one record in memory at a
 * time.
 */
public final class JsonExport {
    private JsonExport() {}

    /** @return the number of readings written */
    public static long write(ReadingStore store, ReadingFilter filter, Writer out) throws IOException {
        out.write("[");
        String[] device = {null};
        long[] written = {0};
        store.scan(filter, r -> {
            StringBuilder record = new StringBuilder(128).append(written[0] == 0 ? "\n{" : ",\n{");
            if (!r.device().equals(device[0])) {
                record.append("\"bn\":")
                        .append(Text.jsonString("urn:dev:ops:" + r.device() + ":"))
                        .append(',');
                device[0] = r.device();
            }
            record.append("\"n\":").append(Text.jsonString(r.name()));
            if (!r.unit().isEmpty()) {
                record.append(",\"u\":").append(Text.jsonString(r.unit()));
            }
            record.append(",\"v\":")
                    .append(Text.number(r.value()))
                    .append(",\"t\":")
                    .append(Text.epochSeconds(r.time()))
                    .append(",\"seq\":")
                    .append(r.sequence())
                    .append('}');
            out.write(record.toString());
            written[0]++;
        });
        out.write(written[0] == 0 ? "]\n" : "\n]\n");
        out.flush();
        return written[0];
    }
}
