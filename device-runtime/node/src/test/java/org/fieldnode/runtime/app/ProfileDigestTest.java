// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.junit.jupiter.api.Test;

/** Issue 15 item 8: the profile a node runs, as 12 hex digits of a digest and the file name, stable across runs. */
class ProfileDigestTest {
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280"));

    private Profile profile(String source, String node) throws Exception {
        return loader.parse(source, """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true }, i2c0: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                %s
                """.formatted(node));
    }

    @Test
    void oneProfile_oneDigest_andAnyChangeAnother() throws Exception {
        String digest = ProfileDigest.of(profile("/etc/fieldnode/well-3.yaml", ""));

        assertThat(digest).matches("[0-9a-f]{12} well-3\\.yaml");
        assertThat(ProfileDigest.of(profile("/etc/fieldnode/well-3.yaml", ""))).isEqualTo(digest);
        assertThat(ProfileDigest.of(profile("/etc/fieldnode/well-3.yaml", "node: { location: Well 4 }")))
                .isNotEqualTo(digest)
                .endsWith(" well-3.yaml");
    }

    @Test
    void theLocationIsSharedOnlyWhenTheProfileSaysSo() throws Exception {
        assertThat(profile("kit.yaml", "node: { location: Well 3 }").node().sharedPlace())
                .isEmpty();
        assertThat(profile("kit.yaml", "node: { location: Well 3, share-location: true }")
                        .node()
                        .sharedPlace())
                .contains("Well 3");
    }
}
