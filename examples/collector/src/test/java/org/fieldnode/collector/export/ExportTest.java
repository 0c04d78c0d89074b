// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV and JSON exports of a real SQLite store against golden outputs, and the JSON round trip. */
class ExportTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-03-01T12:10:00Z");

    /** Two devices, three series, a fractional time, a unitless value, a quoted device name. */
    static final List<StoredReading> N1 = List.of(
            new StoredReading("n1", "env0/temperature", 21.5, "Cel", T0, 7),
            new StoredReading("n1", "env0/humidity", 40.25, "%RH", T0, 8),
            new StoredReading("n1", "lux0/illuminance", 812.5, "lx", T0.plusMillis(1500), 9),
            new StoredReading("n1", "env0/temperature", 21.75, "Cel", T0.plusSeconds(60), 10),
            new StoredReading("n1", "pulse0/count", 3, "", T0.plusSeconds(60), 11));

    static final List<StoredReading> N2 =
            List.of(new StoredReading("=n2,\"x\"", "env0/temperature", -3.0E-7, "Cel", T0, 1));

    @TempDir
    Path dir;

    private SqliteReadingStore store;

    @BeforeEach
    void fill() throws Exception {
        store = SqliteReadingStore.open(dir.resolve("collector.db"));
        store.storeNew("n1", RECEIVED, N1);
        store.storeNew("=n2,\"x\"", RECEIVED, N2);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void csv_hasUnitsInTheHeaderOneRowPerDeviceAndTimeAndRfc4180Quoting() throws Exception {
        StringWriter out = new StringWriter();

        long written = CsvExport.write(store, ReadingFilter.ALL, out);

        assertThat(written).isEqualTo(6);
        assertThat(out.toString()).isEqualTo("""
                        time,device,env0/humidity [%RH],env0/temperature [Cel],lux0/illuminance [lx],pulse0/count\r
                        2026-03-01T12:00:00Z,"'=n2,""x""\",,-3.0E-7,,\r
                        2026-03-01T12:00:00Z,n1,40.25,21.5,,\r
                        2026-03-01T12:00:01.500Z,n1,,,812.5,\r
                        2026-03-01T12:01:00Z,n1,,21.75,,3\r
                        """);
    }

    @Test
    void csv_ofOneDeviceAndTimeRange_hasOnlyItsColumnsAndRows() throws Exception {
        StringWriter out = new StringWriter();

        CsvExport.write(
                store, new ReadingFilter(Optional.of("n1"), Optional.of(T0.plusSeconds(1)), Optional.empty()), out);

        assertThat(out.toString()).isEqualTo("""
                        time,device,env0/temperature [Cel],lux0/illuminance [lx],pulse0/count\r
                        2026-03-01T12:00:01.500Z,n1,,812.5,\r
                        2026-03-01T12:01:00Z,n1,21.75,,3\r
                        """);
    }

    @Test
    void csv_ofNothing_isTheHeaderAlone() throws Exception {
        StringWriter out = new StringWriter();

        long written = CsvExport.write(
                store, new ReadingFilter(Optional.of("nobody"), Optional.empty(), Optional.empty()), out);

        assertThat(written).isZero();
        assertThat(out.toString()).isEqualTo("time,device\r\n");
    }

    @Test
    void json_isASenmlPackWithBaseNamesTimesAndSequences() throws Exception {
        StringWriter out = new StringWriter();

        JsonExport.write(store, new ReadingFilter(Optional.of("n1"), Optional.empty(), Optional.empty()), out);

        assertThat(out.toString()).isEqualTo("""
                        [
                        {"bn":"urn:dev:ops:n1:","n":"env0/temperature","u":"Cel","v":21.5,"t":1772366400,"seq":7},
                        {"n":"env0/humidity","u":"%RH","v":40.25,"t":1772366400,"seq":8},
                        {"n":"lux0/illuminance","u":"lx","v":812.5,"t":1772366401.5,"seq":9},
                        {"n":"env0/temperature","u":"Cel","v":21.75,"t":1772366460,"seq":10},
                        {"n":"pulse0/count","v":3,"t":1772366460,"seq":11}
                        ]
                        """);
    }

    @Test
    void json_roundTripsThroughTheSenmlDecoder_toWhatWasStored() throws Exception {
        StringWriter out = new StringWriter();
        JsonExport.write(store, new ReadingFilter(Optional.of("n1"), Optional.empty(), Optional.empty()), out);
        String json = out.toString();

        List<SenmlRecord> records = SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON);
        Matcher seq = Pattern.compile("\"seq\":(\\d+)").matcher(json);
        List<StoredReading> back = records.stream()
                .map(r -> {
                    seq.find();
                    return new StoredReading(
                            "n1",
                            r.name().substring("urn:dev:ops:n1:".length()),
                            r.value(),
                            r.unit(),
                            r.time(),
                            Long.parseLong(seq.group(1)));
                })
                .toList();

        assertThat(back).containsExactlyInAnyOrderElementsOf(N1);
    }

    @Test
    void json_ofNothing_isAnEmptyPack() throws Exception {
        StringWriter out = new StringWriter();

        JsonExport.write(
                store, new ReadingFilter(Optional.empty(), Optional.of(T0.plusSeconds(3600)), Optional.empty()), out);

        assertThat(out.toString()).isEqualTo("[]\n");
    }
}
