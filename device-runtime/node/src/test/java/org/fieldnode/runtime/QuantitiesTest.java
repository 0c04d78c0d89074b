// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.Quantities;
import org.junit.jupiter.api.Test;

/** The wire contract's quantity vocabulary is the drivers' channels, in their order: neither may grow alone. */
class QuantitiesTest {
    @Test
    void theVocabularyIsTheDriversChannels() {
        assertThat(Quantities.NAMES)
                .containsExactlyElementsOf(
                        Arrays.stream(Channel.values()).map(Channel::quantity).toList());
    }
}
