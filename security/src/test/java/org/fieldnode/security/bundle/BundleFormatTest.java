// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.trust.Fingerprint;
import org.junit.jupiter.api.Test;

/** The provisioning bundle: located one-line errors that never echo the key. */
class BundleFormatTest {
    static final String KEY_HEX = "3f9a" + "c1d2".repeat(7); // 32 hex digits, made up for this test only
    static final String CA = "sha256:" + "ab".repeat(32);

    static String bundle(String... extra) {
        StringBuilder b = new StringBuilder("# integrator notes\nformat=fieldnode-bundle/1\n"
                + "collector=coaps://collector.village.example:5684\npsk.identity=enrol-0001\npsk.key=" + KEY_HEX
                + "\nca.sha256=" + CA + "\n");
        for (String line : extra) {
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static ProvisioningBundle parse(String text) throws BundleException {
        return BundleFormat.parse("fieldnode-bundle.txt", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_readsEverySetting() throws Exception {
        ProvisioningBundle b = parse(bundle(
                "node.name=weather-07",
                "site=north-field",
                "issued=2025-05-01T00:00:00Z",
                "not-after=2025-05-31T00:00:00Z"));

        assertThat(b.settings().collector()).isEqualTo(URI.create("coaps://collector.village.example:5684"));
        assertThat(b.settings().pskIdentity()).isEqualTo("enrol-0001");
        assertThat(b.settings().caFingerprint()).isEqualTo(Fingerprint.parse(CA));
        assertThat(b.settings().nodeName()).contains("weather-07");
        assertThat(b.settings().site()).contains("north-field");
        assertThat(b.settings().issued()).contains(Instant.parse("2025-05-01T00:00:00Z"));
        assertThat(b.settings().notAfter()).contains(Instant.parse("2025-05-31T00:00:00Z"));
        assertThat(b.enrolmentCredential())
                .hasValueSatisfying(p -> assertThat(p.secret()).hasSize(16));
        assertThat(b.toString()).doesNotContain(KEY_HEX).contains("psk.key=(redacted)");
    }

    @Test
    void errors_nameFileLineAndKey_neverTheKeyValue() {
        assertThatThrownBy(() -> parse(bundle().replace(KEY_HEX, KEY_HEX + "0")))
                .hasMessage("fieldnode-bundle.txt:5: psk.key: expected an even number of hex digits")
                .hasMessageNotContaining(KEY_HEX);
        assertThatThrownBy(() -> parse(bundle().replace(KEY_HEX, KEY_HEX.substring(0, 20))))
                .hasMessage("fieldnode-bundle.txt:5: psk.key: expected 32..128 hex digits, found 20");
        assertThatThrownBy(() -> parse(bundle().replace("coaps://", "coap://")))
                .hasMessage("fieldnode-bundle.txt:3: collector: expected a coaps:// URI; enrolment never uses plain "
                        + "coap (R4)");
        assertThatThrownBy(() -> parse(bundle().replace(CA, "sha256:1234")))
                .hasMessage("fieldnode-bundle.txt:6: ca.sha256: expected a SHA-256 fingerprint: sha256: and 64 hex "
                        + "digits");
        assertThatThrownBy(() -> parse(bundle("pasword=" + KEY_HEX)))
                .hasMessageStartingWith("fieldnode-bundle.txt:7: pasword: unknown key; expected one of format, ")
                .hasMessageNotContaining(KEY_HEX);
        assertThatThrownBy(() -> parse(bundle("psk.key=" + KEY_HEX)))
                .hasMessage("fieldnode-bundle.txt:7: psk.key: given twice (first on line 5)");
        // A damaged line that puts the secret before its '=' (found by BundleFormatFuzzTest): the key is not echoed.
        assertThatThrownBy(() -> parse(bundle().replace("psk.key=" + KEY_HEX, "psk.key#" + KEY_HEX + "=x")))
                .hasMessage("fieldnode-bundle.txt:5: a line whose key is not shown (not a key name): unknown key;"
                        + " expected one of format, collector, psk.identity, psk.key, ca.sha256, node.name, site,"
                        + " issued, not-after")
                .hasMessageNotContaining(KEY_HEX.substring(0, 4));
        assertThatThrownBy(() -> parse(bundle().replace("psk.key=" + KEY_HEX, "psk.key" + KEY_HEX + "=x")))
                .hasMessageStartingWith("fieldnode-bundle.txt:5: a line whose key is not shown")
                .hasMessageNotContaining(KEY_HEX.substring(0, 4));
        assertThatThrownBy(() -> parse(bundle().replace("ca.sha256=" + CA + "\n", "")))
                .hasMessage("fieldnode-bundle.txt: ca.sha256: missing; expected ca.sha256=sha256: and 64 hex digits");
        assertThatThrownBy(() -> parse(bundle("node.name=Hof Müller, Weg 3")))
                .hasMessage("fieldnode-bundle.txt:7: node.name: expected 1..64 of A-Z a-z 0-9 . _ -");
        assertThatThrownBy(() -> parse(bundle("issued=yesterday")))
                .hasMessage("fieldnode-bundle.txt:7: issued: expected a UTC time like 2025-05-01T00:00:00Z");
        assertThatThrownBy(() -> parse("collector=coaps://c\n"))
                .hasMessage(
                        "fieldnode-bundle.txt:1: collector: expected format=fieldnode-bundle/1 as the first setting");
        assertThatThrownBy(() -> parse(bundle("just text"))).hasMessage("fieldnode-bundle.txt:7: expected key=value");
        assertThatThrownBy(() -> BundleFormat.parse("b", new byte[BundleFormat.MAX_BYTES + 1]))
                .hasMessage("b: bundle is 4097 bytes; at most 4096");
    }

    /** Bundles written before bundles expired have no not-after: they still read, with none. */
    @Test
    void bundleWithoutNotAfter_fromBeforeExpiry_stillReads() throws Exception {
        ProvisioningBundle b = parse(bundle("node.name=weather-07", "issued=2025-05-01T00:00:00Z"));

        assertThat(b.settings().notAfter()).isEmpty();
        assertThat(b.settings().issued()).contains(Instant.parse("2025-05-01T00:00:00Z"));
    }

    @Test
    void badNotAfter_isLocated() {
        assertThatThrownBy(() -> parse(bundle("not-after=next month")))
                .hasMessage("fieldnode-bundle.txt:7: not-after: expected a UTC time like 2025-05-01T00:00:00Z");
    }

    @Test
    void importedBundle_withoutKeyLine_stillParses() throws Exception {
        ProvisioningBundle b = parse(bundle().replace("psk.key=" + KEY_HEX, "# psk.key imported"));

        assertThat(b.enrolmentCredential()).isEmpty();
        assertThat(b.toString()).contains("psk.key=(imported)");
    }

    @Property(tries = 200)
    void formatThenParse_roundTrips(@ForAll @Size(min = 16, max = 64) byte[] secret, @ForAll("labels") String name)
            throws Exception {
        BundleSettings settings = new BundleSettings(
                URI.create("coaps://10.0.0.1:5684"),
                "enrol-" + name,
                Fingerprint.parse(CA),
                Optional.of(name),
                Optional.empty(),
                Optional.of(Instant.parse("2025-05-01T00:00:00Z")),
                Optional.of(Instant.parse("2025-05-31T00:00:00Z")));

        ProvisioningBundle parsed = BundleFormat.parse(
                "b",
                BundleFormat.format(settings, new PskCredential("enrol-" + name, secret))
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.settings()).isEqualTo(settings);
        assertThat(parsed.enrolmentCredential().orElseThrow().secret()).isEqualTo(secret);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> labels() {
        return net.jqwik.api.Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('.', '_', '-')
                .ofMinLength(1)
                .ofMaxLength(40);
    }
}
