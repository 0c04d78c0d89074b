// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoapReporterSettingsTest {
    private static final PskCredential PSK = new PskCredential("node-1", new byte[16]);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void coapsUri_isAcceptedWithDefaultPort() {
        CoapReporterSettings settings = settings("coaps://collector.local/r");

        assertThat(settings.collectorPort()).isEqualTo(5684);
        assertThat(settings.collectorAddress()).isEqualTo("collector.local:5684");
        assertThat(settings.baseName()).isEqualTo("urn:dev:ops:node-1:");
    }

    @Test
    void plainCoapUri_isRefusedNamingR13() {
        assertThatThrownBy(() -> settings("coap://collector.local/r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("collector URI must use coaps:// (DTLS), got 'coap://collector.local/r': plain coap://"
                        + " would send readings unprotected (SECURITY R13)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "coaps:///r | has no host",
                "coaps://host | has no resource path",
                "coaps://host/ | has no resource path",
                "coaps://host/r?s=1 | must not have a query",
                "http://host/r | must use coaps://"
            })
    void badUris_areRefused(String uri, String problem) {
        assertThatThrownBy(() -> settings(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void nodeIdOutsideSenmlNameCharacters_isRefused() {
        assertThatThrownBy(() ->
                        new CoapReporterSettings(URI.create("coaps://h/r"), "node 1", PSK, SenmlFormat.CBOR, TIMEOUT))
                .hasMessage("nodeId must be 1..64 of A-Z a-z 0-9 . _ - (it goes into SenML names), got 'node 1'");
    }

    @Test
    void nonPositiveTimeout_isRefused() {
        assertThatThrownBy(() ->
                        new CoapReporterSettings(URI.create("coaps://h/r"), "n", PSK, SenmlFormat.CBOR, Duration.ZERO))
                .hasMessage("exchangeTimeout must be > 0, got PT0S");
    }

    @Test
    void toString_redactsTheSecret() {
        assertThat(settings("coaps://h/r").toString())
                .contains("identity=node-1")
                .contains("redacted")
                .doesNotContain("00000000");
    }

    private static CoapReporterSettings settings(String uri) {
        return new CoapReporterSettings(URI.create(uri), "node-1", PSK, SenmlFormat.CBOR, TIMEOUT);
    }
}
