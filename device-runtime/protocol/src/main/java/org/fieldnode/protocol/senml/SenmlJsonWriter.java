// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fieldnode.protocol.json.JsonWriter;

/**
 * Writes a compact pack as SenML JSON (RFC 8428 §5) without whitespace, on the project's one {@link JsonWriter}:
 * values as integers when integral and below 2^53 in magnitude, otherwise in Java's shortest round-tripping decimal
 * form (always valid JSON, e.g. {@code 2.5E-7}); times as exact decimal seconds, e.g. {@code 1700000000.125}.
 */
final class SenmlJsonWriter {
    private SenmlJsonWriter() {}

    static byte[] write(List<Map<SenmlLabel, Object>> pack) {
        JsonWriter json = new JsonWriter(256).beginArray();
        for (Map<SenmlLabel, Object> record : pack) {
            json.beginObject();
            for (Map.Entry<SenmlLabel, Object> field : record.entrySet()) {
                json.name(field.getKey().json());
                switch (field.getValue()) {
                    case String text -> json.value(text);
                    case Double number -> json.number(number);
                    case Boolean flag -> json.value(flag);
                    case BigDecimal seconds -> json.numberText(seconds.toPlainString());
                    default ->
                        throw new IllegalArgumentException(
                                "no JSON form for " + field.getValue().getClass());
                }
            }
            json.endObject();
        }
        return json.endArray().toString().getBytes(StandardCharsets.UTF_8);
    }
}
