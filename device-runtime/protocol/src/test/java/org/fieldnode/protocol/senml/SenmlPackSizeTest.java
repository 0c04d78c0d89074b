// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes on the air (PERFORMANCE.md). The codec's own overhead is small; the names are what cost. These figures
 * are the payload only; DTLS adds 29 bytes per record and CoAP about 10 more.
 */
class SenmlPackSizeTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void fourValuePackOfOneNode_withShortNamesAndOneUnit_fitsSeventyBytes() {
        // Four soil-temperature probes on one node: bn (19 bytes) + bt (6) + bu (5) + 4 x (map, n, v).
        List<SenmlRecord> pack = List.of(
                new SenmlRecord("urn:dev:ops:3f9c:t0", "Cel", 21.5, T0),
                new SenmlRecord("urn:dev:ops:3f9c:t1", "Cel", 19.25, T0),
                new SenmlRecord("urn:dev:ops:3f9c:t2", "Cel", 17, T0),
                new SenmlRecord("urn:dev:ops:3f9c:t3", "Cel", 16.5, T0));

        assertThat(SenmlCodec.encode(pack, SenmlFormat.CBOR)).hasSizeLessThanOrEqualTo(70);
    }

    @Test
    void fourValuePackOfOneNode_withShortNamesAndFourUnits_costsSeventySevenBytes() {
        // Each distinct unit costs its own "u" (4 to 5 bytes): 77 bytes even with one-letter names.
        List<SenmlRecord> pack = List.of(
                new SenmlRecord("urn:dev:ops:3f9c:t", "Cel", 21.5, T0),
                new SenmlRecord("urn:dev:ops:3f9c:h", "%RH", 40, T0),
                new SenmlRecord("urn:dev:ops:3f9c:p", "Pa", 101_325, T0),
                new SenmlRecord("urn:dev:ops:3f9c:l", "lx", 812, T0));

        assertThat(SenmlCodec.encode(pack, SenmlFormat.CBOR)).hasSize(77);
    }

    @Test
    void fourValuePackOfOneNode_withVocabularyNames_costsWhatItsNamesCost() {
        // Node id and series names as SENSORS.md and Reading.seriesName() make them: 142 bytes, of which 60
        // are the four series names and 27 the base name. Recorded here so that a change is noticed.
        List<SenmlRecord> pack = List.of(
                new SenmlRecord("urn:dev:ops:fieldnode-3f9c:env0/temperature", "Cel", 21.5, T0),
                new SenmlRecord("urn:dev:ops:fieldnode-3f9c:env0/humidity", "%RH", 40, T0),
                new SenmlRecord("urn:dev:ops:fieldnode-3f9c:env0/pressure", "Pa", 101_325, T0),
                new SenmlRecord("urn:dev:ops:fieldnode-3f9c:lux0/illuminance", "lx", 812, T0));

        assertThat(SenmlCodec.encode(pack, SenmlFormat.CBOR)).hasSize(142);
        assertThat(SenmlCodec.encode(pack, SenmlFormat.JSON)).hasSize(219);
    }
}
