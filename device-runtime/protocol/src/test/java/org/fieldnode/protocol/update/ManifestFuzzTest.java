// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the node's release-manifest parsers (SECURITY R24, R35): damaged and random signed manifests and bare
 * manifests either pass or are refused with an {@link UpdateRefusedException} of one line; nothing else is thrown,
 * nothing hangs, nothing allocates what a length claims. A damaged signed manifest is never accepted.
 */
class ManifestFuzzTest {
    private static final String SUITE = "update-manifest-fuzz";
    private static final Duration PER_INPUT = Duration.ofSeconds(1);
    private static final KeyPair KEY = UpdateKeys.generate(new SecureRandom());

    @Test
    void signedManifest_anyDamageIsRefusedWithAReason() {
        ReleaseManifest m = UpdateRefusalsTest.manifest(5, OptionalLong.of(4));
        byte[] good = UpdateRefusalsTest.signed(m, KEY);
        ReleaseCheck node = new ReleaseCheck("fieldnode-node", 4, KEY.getPublic(), Set.of());
        int tried = FuzzRun.run(SUITE, FuzzRun.mutationsOf(List.of(good)), 2000, PER_INPUT, input -> {
            try {
                ReleaseManifest accepted = node.check(input);
                assertThat(accepted).isEqualTo(m); // only the undamaged manifest can verify
            } catch (UpdateRefusedException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            }
        });
        assertThat(tried).isPositive();
    }

    @Test
    void manifest_anyInputDecodesOrIsRefused() {
        byte[] plain = ManifestCodec.encode(new ReleaseManifest(
                "fieldnode-node",
                9,
                "0.3.0",
                new byte[32],
                1000,
                OptionalLong.of(8),
                Optional.of(KEY.getPublic().getEncoded())));
        int tried = FuzzRun.run(SUITE, FuzzRun.mutationsOf(List.of(plain)), 2000, PER_INPUT, input -> {
            try {
                ReleaseManifest decoded = ManifestCodec.decode(input);
                assertThat(ManifestCodec.decode(ManifestCodec.encode(decoded))).isEqualTo(decoded);
            } catch (UpdateRefusedException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            }
        });
        assertThat(tried).isPositive();
    }
}
