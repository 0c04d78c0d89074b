// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void commasNestingAndNumbers() {
        JsonWriter json = new JsonWriter(64)
                .beginArray()
                .beginObject()
                .name("a")
                .value(1)
                .name("b")
                .beginArray()
                .value(true)
                .number(2.5)
                .number(3.0)
                .number(-0.0)
                .endArray()
                .endObject()
                .beginObject()
                .endObject()
                .endArray();

        assertThat(json.toString()).isEqualTo("[{\"a\":1,\"b\":[true,2.5,3,-0.0]},{}]");
    }

    @Test
    void lines_takeHandsOverWhatWasWritten() {
        JsonWriter json = new JsonWriter(16).beginArray();
        json.nextLine().beginObject().name("n").value("x").endObject();
        String first = json.take();
        json.nextLine().beginObject().endObject().newLine().endArray();

        assertThat(first).isEqualTo("[\n{\"n\":\"x\"}");
        assertThat(json.take()).isEqualTo(",\n{}\n]");
    }

    @Test
    void strings_areEscapedSoThatAPageCannotBeBrokenOutOf() {
        assertThat(JsonWriter.quote("a\"b\\c\nd\u0001</script>&\u2028"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u003c/script\\u003e\\u0026\\u2028\"");
    }
}
