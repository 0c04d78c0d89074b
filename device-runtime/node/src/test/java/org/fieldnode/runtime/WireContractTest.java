// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.Quantities;
import org.junit.jupiter.api.Test;

/** What the node does is what the wire contract (org.fieldnode.protocol) tells the collector it does. */
class WireContractTest {
    @Test
    void theQuantityVocabularyIsTheDriversChannels() {
        assertThat(Quantities.NAMES)
                .containsExactlyElementsOf(
                        Arrays.stream(Channel.values()).map(Channel::quantity).toList());
    }
}
