// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the provisioning bundle parser (SECURITY R35): a damaged bundle parses or fails with a
 * {@link BundleException} of one line that names the file and never echoes the key (R11), within a time and an
 * allocation bound. The key is made per run (R10: no test secret in the sources).
 */
class BundleFormatFuzzTest {
    @Test
    void anyBundle_parsesOrFailsWithALocatedLineThatHidesTheKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String keyHex = HexFormat.of().formatHex(key);
        String bundle = "# integrator notes\nformat=fieldnode-bundle/1\n"
                + "collector=coaps://collector.village.example:5684\npsk.identity=enrol-0001\npsk.key=" + keyHex
                + "\nca.sha256=sha256:" + "ab".repeat(32) + "\nnode.name=weather-07\nsite=north-field\n"
                + "issued=2025-05-01T00:00:00Z\n";
        int tried = FuzzRun.run(
                "bundle-fuzz",
                FuzzRun.mutationsOf(List.of(bundle.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                3000,
                Duration.ofSeconds(1),
                content -> {
                    try {
                        ProvisioningBundle parsed = BundleFormat.parse("fieldnode-bundle.txt", content);
                        // Mutations may move the hex into another setting (then it is no key); the key parsed as
                        // psk.key never shows.
                        parsed.enrolmentCredential()
                                .ifPresent(psk -> assertThat(parsed.toString())
                                        .doesNotContain(HexFormat.of().formatHex(psk.secret())));
                    } catch (BundleException e) {
                        assertThat(e.getMessage())
                                .startsWith("fieldnode-bundle.txt")
                                .doesNotContain("\n")
                                .doesNotContain(keyHex.substring(0, 16));
                    }
                });
        assertThat(tried).isPositive();
    }
}
